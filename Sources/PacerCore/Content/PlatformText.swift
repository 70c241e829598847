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

/// Counts a post's length as each platform counts it (see `docs/cadence.md`): `pacer add` and
/// the publishers count with the same functions.
public enum PlatformText {
    /// The length of `text` on `platform`:
    /// - X: twitter-text v3 weighted length of the NFC text with its line ends made `\n`: each
    ///   code point weighs 1 or 2 by ``TwitterTextWeights``, every link twitter-text finds 23
    ///   (with or without a scheme: ``TwitterTextLinks/x``), every emoji of its list 2;
    /// - Bluesky: grapheme clusters;
    /// - Mastodon: ``mastodonLength(of:charactersPerURL:)`` with 23 characters per link;
    /// - LinkedIn: UTF-16 code units (what its editor and API count; never fewer than graphemes).
    public static func length(of text: String, on platform: TextPlatform) -> Int {
        switch platform {
        case .x: xWeightedLength(text)
        case .bluesky: text.count
        case .mastodon: mastodonLength(of: text)
        case .linkedin: text.utf16.count
        }
    }

    /// The length Mastodon's `StatusLengthValidator` counts: grapheme clusters, once every link
    /// with a scheme (``TwitterTextLinks/mastodon``) is replaced by `charactersPerURL`
    /// characters and every remote mention `@user@example.social` by `@user`
    /// (``MastodonMentions``); where a link and a mention overlap, the first one counts.
    public static func mastodonLength(of text: String, charactersPerURL: Int = 23) -> Int {
        let links = TwitterTextLinks.mastodon.links(in: text).map { link in
            (start: link.start, end: link.start + link.length, replacement: String(repeating: "x", count: charactersPerURL))
        }
        let mentions = MastodonMentions.mentions(in: text).map { mention in
            (start: mention.start, end: mention.end, replacement: "@" + mention.username)
        }
        guard !links.isEmpty || !mentions.isEmpty else { return text.count }
        let scalars = Array(text.unicodeScalars)
        var counted = String.UnicodeScalarView()
        var position = 0
        for entity in (links + mentions).sorted(by: { $0.start < $1.start }) where entity.start >= position {
            counted.append(contentsOf: scalars[position..<entity.start])
            counted.append(contentsOf: entity.replacement.unicodeScalars)
            position = entity.end
        }
        counted.append(contentsOf: scalars[position...])
        return String(counted).count
    }

    private static func xWeightedLength(_ text: String) -> Int {
        let normalized = withNewlineLineEnds(text.precomposedStringWithCanonicalMapping)
        let scalars = normalized.unicodeScalars.map(\.value)
        var links: [Int: Int] = [:]
        for link in TwitterTextLinks.x.links(in: normalized) { links[link.start] = link.length }
        let emoji = TwitterTextEmoji.matches(in: scalars)
        var weighted = 0
        var index = 0
        while index < scalars.count {
            if let length = links[index] {
                weighted += TwitterTextWeights.transformedURLLength * TwitterTextWeights.scale
                index += length
            } else if let length = emoji[index] {
                weighted += TwitterTextWeights.defaultWeight
                index += length
            } else {
                weighted += TwitterTextWeights.weight(of: scalars[index])
                index += 1
            }
        }
        return weighted / TwitterTextWeights.scale
    }

    /// `text` with every `\r\n` and lone `\r` made `\n`, as twitter-text counts it.
    private static func withNewlineLineEnds(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var result = String.UnicodeScalarView()
        var afterReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", afterReturn {
                afterReturn = false
                continue
            }
            afterReturn = scalar == "\r"
            result.append(afterReturn ? "\n" : scalar)
        }
        return String(result)
    }
}
