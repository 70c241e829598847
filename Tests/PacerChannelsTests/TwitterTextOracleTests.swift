import Foundation
@testable import PacerCore
import Testing

/// X's counting against twitter-text's own (the `twitter-text-parser` port, `make oracles`), text
/// by text: a corpus of what twitter-text's rules turn on (links with and without a scheme, top-level
/// domains, `t.co`, ports, paths, queries, emoji, CJK, mentions, hashtags, line ends) and seeded
/// random mixes of the same pieces. The package ships no conformance files, so this is the corpus.
struct TwitterTextOracleTests {
    private struct Request: Encodable { var texts: [String] }
    private struct Answer: Decodable { var lengths: [Int] }

    static let corpus: [String] = [
        "", "Hello", "hello world", String(repeating: "x", count: 280), String(repeating: "漢", count: 141),
        "https://example.com", "http://example.com/path?query=1#frag", "see https://example.com.", "(https://example.com/a_(b))",
        "example.com", "see example.com", "example.com/path", "example.com/p?q=1", "example.com:8080/x", "example.com?x=1",
        "www.example.com", "a.b.c.example.co.uk/x", "foo.bar", "foo.invalidtld", "foo.com.", "foo.com,bar.org",
        "-example.com", "_example.com", ".example.com", "/example.com", "@example.com", "#example.com", "$example.com",
        "user@example.com", "x.co", "t.co/abc", "https://t.co/abcDEF123", "https://t.co/abc?x=1&y=2", "https://t.co/abc/def",
        "https://t.co/" + String(repeating: "a", count: 41), "HTTPS://EXAMPLE.COM/PATH", "Example.COM", "http://localhost/x",
        "http://127.0.0.1/x", "https://例え.jp", "例え.jp", "日本語example.com", "http://日本語.jp/パス", "ドメイン.com",
        "https://xn--wgv71a119e.jp", "xn--wgv71a119e.jp", "https://example.рф", "пример.рф", "https://пример.рф/путь",
        "https://example.com/путь", "https://example.com/café?q=é", "https://example.com/\u{2013}dash", "example.museum", "example.onion",
        "https://example.com/@user/1", "https://example.com/@user@host/", "https://mastodon.social/@someone", "example.com/@a/",
        "😷", "👍🏽", "👨\u{200D}👩\u{200D}👧\u{200D}👦", "🇩🇪🇫🇷", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", "❤️", "❤", "☺", "©", "®",
        "1️⃣", "#️⃣", "#⃣", "🧑\u{200D}🦰", "🥱", "🫠", "👩🏽\u{200D}💻", "text 😷 https://example.com", "english text 日本語 😷 https://example.com",
        "こんにちは", "안녕하세요", "مرحبا", "שלום", "Привет", "e\u{301}te\u{301}", "\u{1100}\u{1161}", "“quotes” — and…",
        "\u{2002}\u{2009}\u{200A}", "\u{2032}\u{2037}\u{2038}", "a\r\nb", "a\rb", "a\nb", "a\r\n\r\nb", "\r\n", "\u{FEFF}x\u{FFFE}",
        "@alice hi", "@alice@example.social hi", "#hashtag #タグ", "$CASH", "mail bob@example.com", "a\u{200E}example.com",
        "\u{202A}https://example.com\u{202C}", "https://example.com/" + String(repeating: "p", count: 4_100), "x" + String(repeating: ".com", count: 3),
        "https://a-b.example.com", "https://a_b.example.com", "https://-a.example.com", "https://a..b.com", "a.b-.com",
        "https://example.com:443/", "https://example.com:/", "https://example.com/path/", "https://example.com/a.", "https://example.com/a)",
        "https://example.com/(a)", "https://example.com/((a))", "https://example.com/a?", "https://example.com/a?b", "https://example.com/a?b.",
        "visit foo.com/bar, then baz.net!", "foo.com/bar/baz.html#top", "sub.example.co.jp", "123.com", "1.2.3.4", "a.b",
        String(repeating: "a", count: 64) + ".com", String(repeating: "a", count: 63) + ".com", "https://" + String(repeating: "é", count: 60) + ".com",
        "https://ö" + String(repeating: "a", count: 60) + ".com", "https://مثال.إختبار", "https://пример.испытание",
        // Where Python's case-insensitive matching and IDNA differ from ICU's and Foundation's.
        "example.comİ", "www.ß", "example.cOm", "EXAMPLE.COM/PATH", "xn--ß™t.co/xж", "https://t.co/xİhttps://", "ℹ️.\u{200D}.org.org", "ſ.com",
        String(repeating: "x", count: 262) + " see example.com", String(repeating: "x", count: 200) + " example.com/" + String(repeating: "p", count: 64),
    ]

    /// Texts made of random pieces (seeded: the same on every run) that meet at every kind of boundary.
    static func generated(count: Int, seed: UInt64) -> [String] {
        let pieces = [
            "example.com", "https://", "http://", "www.", "example", ".com", ".org", ".co.uk", ".jp", ".social", ".zz", "/path", "/",
            "?q=1", "&", "#", "@", ":", ":80", "(", ")", "[", "]", ".", ",", "!", "-", "_", " ", " ", " ", "\n", "\r\n", "t.co/x",
            "😷", "👍🏽", "❤️", "©", "🇩🇪", "1️⃣", "👨\u{200D}👩\u{200D}👧", "日本", "語", "한", "é", "e\u{301}", "ж", "ü", "—", "…", "“",
            "a", "b", "x", "Z", "9", "user", "@bob", "#tag", "мир", "例え", "\u{200E}", "\u{2013}", "\u{3000}", "ー",
            "مثال", "ß", "İ", "\u{FEFF}", "\u{200D}", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", "xn--", "-", "'", "\"",
            "$", "＃", "~", "%20", "=", "+", "*", "|", "™", "ℹ️", "👋🏻", "🫠", "\u{1F9D1}\u{200D}\u{1F9B0}", "\t", "\u{85}", "\u{2028}",
        ]
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func xCountsAsTwitterTextOverTheCorpus() async throws {
        try await expectAgreement(Self.corpus)
    }

    @Test func xCountsAsTwitterTextOverGeneratedTexts() async throws {
        try await expectAgreement(Self.generated(count: 20_000, seed: 23))
    }

    private func expectAgreement(_ texts: [String]) async throws {
        let expected = try await Oracle.run("twitter_text_count.py", Request(texts: texts), as: Answer.self).lengths
        try #require(expected.count == texts.count)
        var disagreements = 0
        for (text, length) in zip(texts, expected) where PlatformText.length(of: text, on: .x) != length {
            disagreements += 1
            if disagreements <= 20 {
                Issue.record("\(text.debugDescription) \(text.unicodeScalars.map { String($0.value, radix: 16) }): Pacer counts \(PlatformText.length(of: text, on: .x)), twitter-text \(length)")
            }
        }
        #expect(disagreements == 0, "\(disagreements) of \(texts.count) texts counted otherwise")
    }
}

/// A small seeded generator (SplitMix64, with the planner's own mix), so generated corpora are the
/// same on every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return Jitter.splitmix64(state)
    }
}
