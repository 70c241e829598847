import Foundation

/// Finds mentions the way Mastodon does (`Account::MENTION_RE` and `Extractor`): `@user` or
/// `@user@example.social`, not after a word character, `=` or `/`, and not followed by another
/// `@`, a Latin accented letter or `://`; a domain over 253 characters is no mention.
enum MastodonMentions {
    struct Mention: Sendable, Hashable {
        /// Code point offsets of the `@` and of the end of the mention.
        var start: Int
        var end: Int
        /// The part before the domain, what Mastodon counts of the mention.
        var username: String
    }

    private static let word = #"\p{L}\p{M}\p{Nd}\p{Pc}"#
    private static let pattern = try! NSRegularExpression(
        pattern: #"(?<![=/"# + word + #"])@(((?i:[a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*))(?:@([\#(word)]+(?:[.\-]+[\#(word)]+)*))?)"#)
    private static let endOfMention = try! NSRegularExpression(
        pattern: #"^(?:[@\x{FF20}]|[\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{FF}\x{100}-\x{24F}\x{253}\x{254}\x{256}\x{257}\x{259}"#
            + #"\x{25B}\x{263}\x{268}\x{26F}\x{272}\x{289}\x{28B}\x{2BB}\x{300}-\x{36F}\x{1E00}-\x{1EFF}]|://)"#)

    static func mentions(in text: String) -> [Mention] {
        guard text.unicodeScalars.contains(where: { $0 == "@" || $0 == "\u{FF20}" }) else { return [] }
        let source = text as NSString
        var mentions: [Mention] = []
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let after = NSRange(location: NSMaxRange(match.range), length: source.length - NSMaxRange(match.range))
            guard endOfMention.firstMatch(in: text, options: [.anchored], range: after) == nil else { continue }
            if match.range(at: 3).location != NSNotFound, source.substring(with: match.range(at: 3)).unicodeScalars.count > 253 { continue }
            let start = source.substring(to: match.range.location).unicodeScalars.count
            mentions.append(Mention(start: start, end: start + source.substring(with: match.range).unicodeScalars.count,
                                    username: source.substring(with: match.range(at: 2))))
        }
        return mentions
    }
}
