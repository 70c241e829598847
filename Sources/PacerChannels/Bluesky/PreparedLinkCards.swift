import Synchronization

/// The link cards `prepare` made ahead of their parts' instants, until `publish` takes them, by the
/// part's idempotency key. A card prepared and found to be none is kept too, so `publish` does not
/// try again. At most ``capacity`` are held (the oldest go first): a claim that never reaches
/// `publish` cannot make the memory grow.
final class PreparedLinkCards: Sendable {
    /// What `prepare` found: a card, or that there is none.
    struct Entry: Sendable {
        let key: String
        let card: LinkCard?
    }

    static let capacity = 8
    private let entries = Mutex<[Entry]>([])

    func keep(_ card: LinkCard?, for key: String) {
        entries.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append(Entry(key: key, card: card))
            if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        }
    }

    /// The entry kept for `key`, removed; nil when `prepare` kept none.
    func take(_ key: String) -> Entry? {
        entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
            return entries.remove(at: index)
        }
    }
}
