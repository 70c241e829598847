import Testing
@testable import PacerCore

/// The fast paths of the near-duplicate check give exactly what the general, grapheme cluster
/// paths give: compared on random texts built to hit their edges (CR LF, runs of separators,
/// links and near-links, short texts).
struct ASCIIFastPathTests {
    private static func randomText(_ generator: inout some RandomNumberGenerator, pieces: [String]) -> String {
        (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    private static let pieces = [
        "a", "B", "z", "Q", "0", "9", " ", "  ", "\t", "\n", "\r\n", "\r", "!", ".", "-", "_", "/", "#", "?",
        "https://www.Example.com/a/?utm_source=x&id=3#top", "www.x.org", "ab", "ba",
    ]

    @Test func wordsReadByteByByteMatchWordsReadByCharacter() {
        var generator = SplitMix64(seed: 41)
        for _ in 0..<5_000 {
            let words = Self.randomText(&generator, pieces: Self.pieces)
            for start in ["", "x", "x "] {
                var fast = start, general = start
                TextNormalizer.append(words: Substring(words), ascii: true, to: &fast)
                TextNormalizer.append(words: Substring(words), ascii: false, to: &general)
                #expect(fast == general, "words \(words.debugDescription) after \(start.debugDescription)")
            }
        }
    }

    @Test func trigramsOfBytesMatchTrigramsOfCharacters() {
        var generator = SplitMix64(seed: 43)
        let withoutCR = Self.pieces.filter { !$0.contains("\r") }
        for _ in 0..<5_000 {
            let text = Self.randomText(&generator, pieces: withoutCR)
            #expect(Trigrams(asciiBytes: Array(text.utf8), text: text) == Trigrams(graphemesOf: text), "\(text.debugDescription)")
        }
    }

    /// A text with a CR takes the general path, where CR LF is one character.
    @Test func aTextWithACarriageReturnIsReadByCharacter() {
        var generator = SplitMix64(seed: 47)
        for _ in 0..<2_000 {
            let text = Self.randomText(&generator, pieces: Self.pieces)
            #expect(Trigrams(normalized: text) == Trigrams(graphemesOf: text), "\(text.debugDescription)")
        }
        #expect(Trigrams(normalized: "a\r\nb") != Trigrams(asciiBytes: Array("a\r\nb".utf8), text: "a\r\nb"))
    }

    /// The link scanner's byte test never rules out a text the character scan finds a link in,
    /// whatever the case, marks or look-alike letters around `http` and `www.`.
    @Test func aTextWithoutTheBytesOfALinkHasNoLink() {
        var generator = SplitMix64(seed: 53)
        let pieces = [
            "http", "HTTPS", "hTtP", "://", "www", "WwW", ".", "/", "s", " ", "x", "h\u{301}ttp", "ｈttp", "ẃww", "\u{212A}",
            "İ", "(", ")", "é", "👍🏽", "example.com",
        ]
        var withLinks = 0
        for _ in 0..<5_000 {
            let text = Self.randomText(&generator, pieces: pieces)
            let found = LinkScanner.scan(text)
            if !found.isEmpty { withLinks += 1 }
            if !LinkScanner.mayHoldLink(text) { #expect(found.isEmpty, "\(text.debugDescription)") }
            #expect(LinkScanner.links(in: text) == found)
        }
        #expect(withLinks > 100)
    }
}
