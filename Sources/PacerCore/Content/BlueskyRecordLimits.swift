/// The bounds the `app.bsky.feed.post` lexicon puts on what Pacer writes into a record: `text` at
/// most 300 graphemes and 3,000 UTF-8 bytes; `tags` at most 8, each at most 64 graphemes and 640
/// UTF-8 bytes. A PDS refuses a record beyond them, so `pacer add` and the Bluesky channel both ask
/// ``violations(text:tags:)``, and a post is refused when it is queued, not when it is due.
public enum BlueskyRecordLimits {
    public static let maxTextGraphemes = 300
    public static let maxTextBytes = 3_000
    public static let maxTags = 8
    public static let maxTagGraphemes = 64
    public static let maxTagBytes = 640

    /// The post's tags as the record's `tags` carries them: without a leading `#`, empty ones left out.
    public static func recordTags(_ tags: [String]) -> [String] {
        tags.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }.filter { !$0.isEmpty }
    }

    /// What of `text` and `tags` a record cannot hold, each naming the field, the limit and the
    /// count (`text: 3250 UTF-8 bytes, Bluesky allows at most 3000; shorten it by 250 bytes`);
    /// empty when the record fits. Graphemes are Swift characters (extended grapheme clusters).
    public static func violations(text: String, tags: [String]) -> [String] {
        var found: [String] = []
        let graphemes = text.count
        if graphemes > maxTextGraphemes {
            found.append("text: \(graphemes) characters, Bluesky allows at most \(maxTextGraphemes); shorten it by \(graphemes - maxTextGraphemes)")
        }
        let bytes = text.utf8.count
        if bytes > maxTextBytes {
            found.append("text: \(bytes) UTF-8 bytes, Bluesky allows at most \(maxTextBytes); shorten it by \(bytes - maxTextBytes) bytes (an emoji takes 4 bytes or more)")
        }
        let tags = recordTags(tags)
        if tags.count > maxTags {
            found.append("tags: \(tags.count), Bluesky allows at most \(maxTags); remove \(tags.count - maxTags)")
        }
        for (position, tag) in tags.enumerated() {
            let name = "tag \(position + 1) (\(tag.prefix(20))\(tag.count > 20 ? "…" : ""))"
            if tag.count > maxTagGraphemes {
                found.append("\(name): \(tag.count) characters, Bluesky allows at most \(maxTagGraphemes); shorten it by \(tag.count - maxTagGraphemes)")
            } else if tag.utf8.count > maxTagBytes {
                found.append("\(name): \(tag.utf8.count) UTF-8 bytes, Bluesky allows at most \(maxTagBytes); shorten it")
            }
        }
        return found
    }
}
