import Foundation

/// The text platforms Pacer knows the length rules of, named as `[[channel]] kind`.
public enum TextPlatform: String, Sendable, Hashable, CaseIterable {
    case x
    case bluesky
    case mastodon
    case linkedin

    /// The platform's own limit: X 280 weighted characters, Bluesky 300 graphemes, Mastodon 500
    /// graphemes (an instance may differ: `max_length`), LinkedIn 3,000 UTF-16 code units.
    public var defaultLimit: Int {
        switch self {
        case .x: TwitterTextWeights.maxWeightedLength
        case .bluesky: 300
        case .mastodon: 500
        case .linkedin: 3_000
        }
    }

    /// What a unit of ``PlatformText/length(of:on:)`` is called in messages.
    public var unit: String {
        switch self {
        case .x: "weighted characters"
        case .bluesky, .mastodon, .linkedin: "characters"
        }
    }
}

/// Counts a post's length as each platform counts it (see `docs/cadence.md`).
public enum PlatformText {
    /// The length of `text` on `platform`:
    /// - X: twitter-text v3 weighted length of the NFC text: each code point weighs 1 or 2 by
    ///   ``TwitterTextWeights``, every link 23, every emoji sequence 2;
    /// - Bluesky: grapheme clusters;
    /// - Mastodon: grapheme clusters, with every link counted as 23 and a remote mention
    ///   `@user@example.social` as `@user`;
    /// - LinkedIn: UTF-16 code units (what its editor and API count; never fewer than graphemes).
    public static func length(of text: String, on platform: TextPlatform) -> Int {
        switch platform {
        case .x: xWeightedLength(text.precomposedStringWithCanonicalMapping)
        case .bluesky: text.count
        case .mastodon: mastodonLength(text)
        case .linkedin: text.utf16.count
        }
    }

    private static func xWeightedLength(_ text: String) -> Int {
        var weighted = 0
        var links = LinkScanner.links(in: text)[...]
        var index = text.startIndex
        while index < text.endIndex {
            if let link = links.first, link.lowerBound == index {
                weighted += TwitterTextWeights.transformedURLLength * TwitterTextWeights.scale
                index = link.upperBound
                links = links.dropFirst()
                continue
            }
            let character = text[index]
            if isEmoji(character) {
                weighted += TwitterTextWeights.defaultWeight
            } else {
                weighted += character.unicodeScalars.reduce(0) { $0 + TwitterTextWeights.weight(of: $1) }
            }
            index = text.index(after: index)
        }
        return (weighted + TwitterTextWeights.scale - 1) / TwitterTextWeights.scale
    }

    private static func mastodonLength(_ text: String) -> Int {
        var length = 0
        var links = LinkScanner.links(in: text)[...]
        var index = text.startIndex
        while index < text.endIndex {
            if let link = links.first, link.lowerBound == index {
                length += TwitterTextWeights.transformedURLLength
                index = link.upperBound
                links = links.dropFirst()
                continue
            }
            if text[index] == "@", let domainEnd = remoteMentionDomain(in: text, at: index) {
                // `@user@example.social` counts as `@user`: skip the `@example.social`.
                var cursor = text.index(after: index)
                while cursor < domainEnd, text[cursor] != "@" {
                    length += 1
                    cursor = text.index(after: cursor)
                }
                length += 1
                index = domainEnd
                continue
            }
            length += 1
            index = text.index(after: index)
        }
        return length
    }

    /// For `@user@host.tld` starting at `at`, the end of the host; nil otherwise.
    private static func remoteMentionDomain(in text: String, at start: String.Index) -> String.Index? {
        if start > text.startIndex, isHandleCharacter(text[text.index(before: start)]) { return nil }
        var cursor = text.index(after: start)
        var user = 0
        while cursor < text.endIndex, isHandleCharacter(text[cursor]) {
            user += 1
            cursor = text.index(after: cursor)
        }
        guard user > 0, cursor < text.endIndex, text[cursor] == "@" else { return nil }
        cursor = text.index(after: cursor)
        var host = ""
        while cursor < text.endIndex, isHandleCharacter(text[cursor]) || text[cursor] == "." || text[cursor] == "-" {
            host.append(text[cursor])
            cursor = text.index(after: cursor)
        }
        while host.hasSuffix(".") {
            host.removeLast()
            cursor = text.index(before: cursor)
        }
        return host.contains(".") ? cursor : nil
    }

    private static func isHandleCharacter(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
    }

    /// Whether a grapheme cluster is an emoji sequence as twitter-text's emoji parser sees one:
    /// a character shown as emoji by default, one followed by the emoji variation selector, a
    /// keycap, a flag (regional indicator pair or tag sequence), a modifier or ZWJ sequence.
    static func isEmoji(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation || (0x1F1E6...0x1F1FF).contains(first.value) { return true }
        guard first.properties.isEmoji else { return false }
        return scalars.contains { $0.value == 0xFE0F || $0.value == 0x20E3 || $0.value == 0x200D || $0.properties.isEmojiModifier }
    }
}
