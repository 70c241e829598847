import Foundation

/// Finds links the way twitter-text's `extractUrlsWithIndices` does, which is how both X and
/// Mastodon decide what a link is: a domain ending in a known top-level domain
/// (``TwitterTextTables``), with an optional scheme, port, path and query.
///
/// ``x`` is twitter-text as X counts with it (the patterns of the `twitter-text-parser` port):
/// `example.com` and `example.com/path` are links without a scheme. ``mastodon`` is twitter-text
/// as Mastodon configures it (`config/initializers/twitter_regex.rb`: wider path and query
/// characters, more schemes) and as its `StatusLengthValidator` asks for it: a scheme is required.
struct TwitterTextLinks: Sendable {
    /// A link: where it starts and how many code points it covers, as twitter-text reports it.
    struct Link: Sendable, Hashable {
        var start: Int
        var length: Int
    }

    private let pattern: NSRegularExpression
    private let requiresScheme: Bool

    /// twitter-text as X uses it.
    static let x = TwitterTextLinks(
        schemes: "https?", pathCharacters: Pattern.pathCharacters, pathEnding: Pattern.pathEnding,
        pathWithoutEnding: "@" + Pattern.pathCharacters + #"+\/"#, queryCharacters: Pattern.queryCharacters,
        queryEnding: Pattern.queryEnding, requiresScheme: false)

    /// twitter-text as Mastodon's status length check uses it.
    static let mastodon = TwitterTextLinks(
        schemes: "(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)", pathCharacters: Pattern.mastodonPathCharacters,
        pathEnding: Pattern.mastodonPathEnding, pathWithoutEnding: Pattern.mastodonPathCharacters + #"+\/"#,
        queryCharacters: Pattern.mastodonQueryCharacters, queryEnding: Pattern.mastodonQueryEnding, requiresScheme: true)

    private init(schemes: String, pathCharacters: String, pathEnding: String, pathWithoutEnding: String,
                 queryCharacters: String, queryEnding: String, requiresScheme: Bool) {
        let parens = Pattern.balancedParens(pathCharacters)
        let path = "(?:(?:\(pathCharacters)*(?:\(parens)\(pathCharacters)*)*(?:\(pathEnding)))|(?:\(pathWithoutEnding)))"
        let url = "((\(Pattern.preceding))((\(schemes):\\/\\/)?(\(Pattern.domain))(?::([0-9]+))?(\\/\(path)*)?(\\?\(queryCharacters)*\(queryEnding))?))"
        // The pattern is built from constants: it compiles, or no link could ever be counted.
        // X's is matched against the case-folded text (``PythonCaseFolding``), Mastodon's ignores
        // case as Ruby does, folding `ß` to `ss` too.
        self.pattern = try! NSRegularExpression(pattern: url, options: requiresScheme ? [.caseInsensitive] : [])
        self.requiresScheme = requiresScheme
    }

    /// The links in `text`, in order.
    func links(in text: String) -> [Link] {
        // twitter-text's own shortcut: every link has a dot, every link with a scheme a colon.
        guard text.unicodeScalars.contains(requiresScheme ? ":" : ".") else { return [] }
        let positions = CodePointPositions(text)
        let source = text as NSString
        let matched = requiresScheme ? text : PythonCaseFolding.folded(text)
        var links: [Link] = []
        for match in pattern.matches(in: matched, range: NSRange(location: 0, length: source.length)) {
            // The folded text has the original's UTF-16 offsets: the parts are read from the original.
            let group = { (index: Int) -> String? in
                let range = match.range(at: index)
                return range.location == NSNotFound ? nil : source.substring(with: range)
            }
            guard let url = group(3), let domain = group(5) else { continue }
            let start = positions.codePoint(atUTF16: match.range(at: 3).location)
            let end = positions.codePoint(atUTF16: NSMaxRange(match.range(at: 3)))
            let scheme = group(4)
            guard Self.isValid(url: url, scheme: scheme ?? "https://", domain: domain) else { continue }
            if scheme != nil {
                guard let tCo = Self.tCo(requiresScheme ? url : PythonCaseFolding.folded(url)) else {
                    links.append(Link(start: start, length: end - start))
                    continue
                }
                if tCo.slug <= 40 { links.append(Link(start: start, length: tCo.length)) }
                continue
            }
            // Without a scheme, not after `-`, `_`, `.` or `/` (`invalid_url_without_protocol_preceding_chars`).
            guard !requiresScheme, !(group(2).flatMap(\.first).map { "-_./".contains($0) } ?? false) else { continue }
            links += Self.schemelessLinks(url: url, domain: domain, start: start, hasPath: group(7)?.isEmpty == false)
        }
        return links
    }

    /// A link without a scheme: each ASCII-only domain within `domain` is one; the last takes the
    /// path, counted as twitter-text counts it (the URL with the domain replaced by the last one).
    private static func schemelessLinks(url: String, domain: String, start: Int, hasPath: Bool) -> [Link] {
        let source = domain as NSString
        let positions = CodePointPositions(domain)
        var links: [Link] = []
        for match in Pattern.asciiDomain.matches(in: PythonCaseFolding.folded(domain), range: NSRange(location: 0, length: source.length)) {
            let from = positions.codePoint(atUTF16: match.range.location)
            let to = positions.codePoint(atUTF16: NSMaxRange(match.range))
            links.append(Link(start: start + from, length: to - from))
        }
        guard hasPath, let last = links.last else { return links }
        let asciiDomain = String(String.UnicodeScalarView(Array(domain.unicodeScalars)[(last.start - start)...].prefix(last.length)))
        let rewritten = url.replacingOccurrences(of: domain, with: asciiDomain, options: .literal)
        links[links.count - 1].length = rewritten.unicodeScalars.count
        return links
    }

    /// For a `t.co` link, the length of its `https://t.co/slug` part (the rest is not the link)
    /// and of its slug (over 40 characters, not a link at all); nil for any other link.
    private static func tCo(_ url: String) -> (length: Int, slug: Int)? {
        let source = url as NSString
        guard let match = Pattern.tCo.firstMatch(in: url, range: NSRange(location: 0, length: source.length)) else { return nil }
        return (source.substring(with: match.range).unicodeScalars.count, match.range(at: 1).length)
    }

    /// twitter-text's `isValidUrl`: the domain converts to ASCII (IDNA) and the URL, so
    /// converted and with its scheme, is at most 4,096 characters.
    private static func isValid(url: String, scheme: String, domain: String) -> Bool {
        guard let ascii = IDNA.toASCII(domain) else { return false }
        let length = url.unicodeScalars.count + ascii.unicodeScalars.count - domain.unicodeScalars.count
        return scheme.unicodeScalars.count + length <= 4_096
    }
}

/// Code point offsets of a string's UTF-16 offsets: twitter-text counts code points, Foundation's
/// regular expressions report UTF-16 ranges.
private struct CodePointPositions {
    private var codePoints: [Int] = [0]

    init(_ text: String) {
        codePoints.reserveCapacity(text.utf16.count + 1)
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if scalar.utf16.count == 2 { codePoints.append(index) }
            codePoints.append(index + 1)
        }
    }

    func codePoint(atUTF16 offset: Int) -> Int { codePoints[offset] }
}

/// The pieces of twitter-text's patterns, written for ICU (every punctuation mark in a set escaped).
private enum Pattern {
    static let latinAccents = #"\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{FF}\x{100}-\x{24F}\x{253}\x{254}\x{256}\x{257}\x{259}"#
        + #"\x{25B}\x{263}\x{268}\x{26F}\x{272}\x{289}\x{28B}\x{2BB}\x{300}-\x{36F}\x{1E00}-\x{1EFF}"#
    static let cyrillic = #"\x{400}-\x{4FF}"#
    static let directionalMarkers = #"\x{202A}-\x{202E}\x{61C}\x{200E}\x{200F}\x{2066}\x{2067}\x{2068}\x{2069}"#
    static let invalidCharacters = #"\x{FFFE}\x{FEFF}\x{FFFF}"#
    static let punctuation = #"\!\'\x{23}\%\&\(\)\*\+\,\\\-\.\/\:\;\<\=\>\?\@\[\]\^\_\{\|\}\~\$"#
    static let spaces = #"\x{09}-\x{0D}\x{20}\x{85}\x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"#

    static let domainCharacter = "[^\(punctuation)\(spaces)\(invalidCharacters)\(directionalMarkers)]"
    static let subdomain = "(?:(?:\(domainCharacter)(?:[\\_\\-]|\(domainCharacter))*)?\(domainCharacter)\\.)"
    static let domainName = "(?:(?:\(domainCharacter)(?:\\-|\(domainCharacter))*)?\(domainCharacter)\\.)"
    static let topLevel = "(?:(?:\(TwitterTextTables.genericTLDs))(?=[^0-9a-zA-Z\\@\\+\\-]|$))"
        + "|(?:(?:\(TwitterTextTables.countryTLDs))(?=[^0-9a-zA-Z\\@\\+\\-]|$))"
        + "|(?:xn\\-\\-[\\-0-9a-z]+)"
    static let domain = "(?:\(subdomain)*\(domainName)(?:\(topLevel)))"
    static let preceding = "(?:[^A-Za-z0-9\\@\\x{FF20}\\$\\#\\x{FF03}\(invalidCharacters)]|[\(directionalMarkers)]|^)"

    static let pathCharacters = "[a-z\(cyrillic)0-9\\!\\*\\'\\;\\:\\=\\+\\,\\.\\$\\/\\%\\#\\[\\]\\-\\x{2013}\\_\\~\\@\\|\\&\(latinAccents)]"
    static let pathEnding = "[\\+\\-a-z\(cyrillic)0-9\\=\\_\\#\\/\(latinAccents)]|(?:\(balancedParens(pathCharacters)))"
    static let queryCharacters = "[a-z0-9\\!\\?\\*\\'\\@\\(\\)\\;\\:\\&\\=\\+\\$\\/\\%\\#\\[\\]\\-\\_\\.\\,\\~\\|]"
    static let queryEnding = "[a-z0-9\\-\\_\\&\\=\\#\\/]"

    static let mastodonPathCharacters = "[^\\p{White_Space}\\<\\>\\(\\)\\?]"
    // Mastodon's ending characters take twitter-text's own balanced parentheses: they are
    // defined before Mastodon redefines those.
    static let mastodonPathEnding = "[^\\p{White_Space}\\(\\)\\?\\!\\*\\\"\\'\\x{300C}\\x{300D}\\<\\>\\;\\:\\=\\,\\.\\$\\%\\[\\]\\~\\&\\|\\@]"
        + "|(?:\(balancedParens(pathCharacters)))"
    static let mastodonUnicode = #"\x{A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}\x{10000}-\x{1FFFD}\x{20000}-\x{2FFFD}"#
        + #"\x{30000}-\x{3FFFD}\x{40000}-\x{4FFFD}\x{50000}-\x{5FFFD}\x{60000}-\x{6FFFD}\x{70000}-\x{7FFFD}\x{80000}-\x{8FFFD}"#
        + #"\x{90000}-\x{9FFFD}\x{A0000}-\x{AFFFD}\x{B0000}-\x{BFFFD}\x{C0000}-\x{CFFFD}\x{D0000}-\x{DFFFD}\x{E1000}-\x{EFFFD}"#
        + #"\x{E000}-\x{F8FF}\x{F0000}-\x{FFFFD}\x{100000}-\x{10FFFD}"#
    static let mastodonQueryCharacters = "[a-z0-9\\!\\?\\*\\'\\(\\)\\;\\:\\&\\=\\+\\$\\/\\%\\#\\[\\]\\-\\_\\.\\,\\~\\|\\@\\^\(mastodonUnicode)]"
    static let mastodonQueryEnding = "[a-z0-9\\_\\&\\=\\#\\/\\-\(mastodonUnicode)]"

    /// Parentheses around path characters, with one level of nesting.
    static func balancedParens(_ characters: String) -> String {
        "\\((?:\(characters)+|(?:\(characters)*\\(\(characters)+\\)\(characters)*))\\)"
    }

    /// Matched against the case-folded domain, as X's whole pattern is.
    static let asciiDomain = try! NSRegularExpression(pattern: "(?:(?:[\\-a-z0-9\(latinAccents)]+)\\.)+(?:\(topLevel))")
    static let tCo = try! NSRegularExpression(
        pattern: "^https?:\\/\\/t\\.co\\/([a-z0-9]+)(?:\\?\(queryCharacters)*\(queryEnding))?", options: [.caseInsensitive])
}
