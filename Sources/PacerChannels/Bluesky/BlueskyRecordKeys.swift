import Foundation
import PacerCore
import PacerPOSIX

/// The record key of each part of a delivery, each in its own small durable file of `records/`
/// (mode 0700 directory, 0600 files), written before the part's first request and kept for good:
/// `delivery-<id>` for the first part (the file a post that is not a thread has always had) and
/// `delivery-<id>-part-<n>` for part n ≥ 2, named as the part's idempotency key is. A retry of a
/// part reads its own key, so it can only find or create that part's record, never another's.
struct BlueskyRecordKeys: Sendable {
    let directory: String

    /// The file of part `partIndex` (0-based) of `delivery`.
    func path(_ delivery: DeliveryID, part partIndex: Int) -> String {
        "\(directory)/delivery-\(delivery)" + (partIndex == 0 ? "" : "-part-\(partIndex + 1)")
    }

    /// The kept key of the part; nil when none was written (or the file holds no valid key).
    func read(_ delivery: DeliveryID, part partIndex: Int) throws(SystemCallError) -> String? {
        guard let text = try SmallFile.readText(path(delivery, part: partIndex))?.trimmingWhitespace(), RecordKey.isValid(text) else { return nil }
        return text
    }

    /// A new key for the part, made at `instant` and distinct from every earlier part's, written
    /// durably before it is returned.
    func make(_ delivery: DeliveryID, part partIndex: Int, at instant: Date) throws(SystemCallError) -> String {
        var taken: Set<String> = []
        for earlier in 0..<partIndex {
            if let key = try read(delivery, part: earlier) { taken.insert(key) }
        }
        let key = RecordKey.make(at: instant, delivery: delivery, avoiding: taken)
        try Files.makeDirectories(directory, mode: 0o700)
        try Files.writeDurably(key + "\n", to: path(delivery, part: partIndex))
        return key
    }

    /// Whether the delivery is a thread that got past its first part: a key of part 2 was written.
    func hasLaterParts(_ delivery: DeliveryID) -> Bool {
        Files.exists(path(delivery, part: 1))
    }
}
