import PacerCore
import Testing

/// ``Trigrams`` is the exact trigram set of the normalised text, and ``NearDuplicate/find(_:among:threshold:)``
/// names the post that measure makes the most similar.
struct TrigramTests {
    /// The measure as first written: sets of three-character strings.
    private static func referenceSimilarity(_ first: String, _ second: String) -> Double {
        func grams(_ text: String) -> Set<String> {
            let characters = Array(TextNormalizer.normalize(text))
            guard characters.count >= 3 else { return characters.isEmpty ? [] : [String(characters)] }
            return Set((0...(characters.count - 3)).map { String(characters[$0..<$0 + 3]) })
        }
        let left = grams(first), right = grams(second)
        if left.isEmpty && right.isEmpty { return 1 }
        let shared = left.intersection(right).count
        return Double(shared) / Double(left.count + right.count - shared)
    }

    /// Short texts over a small alphabet with multi-scalar characters (a flag, a skin tone, a
    /// combining accent), so that random pairs share many trigrams.
    private static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let pieces = ["a", "b", "c", " ", "é", "e\u{301}", "🇩🇪", "👍🏽", "東", "x", "1", "!", "ab", "ba"]
        return (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func similarityEqualsTheSetOfStringsMeasure() {
        var generator = SplitMix64(seed: 17)
        for _ in 0..<3_000 {
            let first = Self.randomText(&generator), second = Self.randomText(&generator)
            #expect(Trigrams(of: first).similarity(to: Trigrams(of: second)) == Self.referenceSimilarity(first, second), "\(first) | \(second)")
        }
    }

    @Test func findNamesTheMostSimilarAsTheSetOfStringsMeasureDoes() {
        var generator = SplitMix64(seed: 41)
        let others: [(PostID, String)] = (1...200).map { (PostID($0), Self.randomText(&generator)) }
        for _ in 0..<200 {
            let text = Self.randomText(&generator)
            var expected: (postID: PostID, score: Double)?
            for (postID, other) in others {
                let score: Double = Self.referenceSimilarity(text, other)
                guard score >= 0.5 else { continue }
                if let best = expected, best.score > score || (best.score == score && best.postID < postID) { continue }
                expected = (postID, score)
            }
            let found = NearDuplicate.find(text, among: others, threshold: 0.5)
            #expect(found?.postID == expected?.postID && found?.score == expected?.score, "\(text)")
        }
    }
}
