import Testing
@testable import PacerCore

/// ``TrigramIndex`` gives the verdict comparing the new text with every post in turn gives
/// (``NearDuplicate/find(_:among:threshold:)``: the same post, the same score), through inserts,
/// replacements, removals and the rebuild that follows many removals.
struct TrigramIndexTests {
    /// Texts from a small vocabulary, so that many pairs share trigrams and some are near-duplicates.
    private static func texts(count: Int, seed: UInt64) -> [String] {
        let words = "release notes shipped today review design queue cadence planner timer journal commit outbox channel profile memory start gap slot daily".split(separator: " ")
        var state = seed | 1
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(words.count))
        }
        var made: [String] = []
        for index in 0..<count {
            if index > 0, next() % 4 == 0 {
                // A light edit of an earlier text: a near-duplicate.
                made.append(made[next() % made.count] + " " + words[next()])
            } else {
                made.append((0..<(next() % 10)).map { _ in String(words[next()]) }.joined(separator: " "))
            }
        }
        return made
    }

    /// The verdict of comparing `query` with each post of `reference` in turn.
    private func oneByOne(_ reference: [PostID: Trigrams], _ query: Trigrams, _ threshold: Double) -> (postID: PostID, score: Double)? {
        NearDuplicate.find(query, among: reference.map { ($0.key, $0.value) }, threshold: threshold)
    }

    private func expectSameVerdict(_ index: TrigramIndex, _ reference: [PostID: Trigrams], _ query: Trigrams, _ threshold: Double) -> Bool {
        let found = index.mostSimilar(to: query, threshold: threshold), expected = oneByOne(reference, query, threshold)
        #expect(found?.postID == expected?.postID && found?.score == expected?.score)
        return expected != nil
    }

    @Test(arguments: [0, 0.3, 0.5, 0.8, 0.95, 1])
    func theIndexFindsWhatComparingEveryPostFinds(threshold: Double) {
        let texts = Self.texts(count: 3_000, seed: 0x5EED)
        var index = TrigramIndex()
        var reference: [PostID: Trigrams] = [:]
        var live: [PostID] = []
        var checked = 0, found = 0
        for (number, text) in texts.enumerated() {
            let id = PostID(number + 1)
            let grams = Trigrams(of: text)
            if number % 7 == 0 {
                if expectSameVerdict(index, reference, grams, threshold) { found += 1 }
                checked += 1
            }
            index.insert(id, grams)
            reference[id] = grams
            live.append(id)
            if number % 3 == 0 {
                live.swapAt((number * 7_919) % live.count, live.count - 1)
                let gone = live.removeLast()
                index.remove(gone)
                reference[gone] = nil
            }
            if number % 11 == 0, !live.isEmpty {
                // An edit: the post's trigrams are replaced.
                let edited = live[(number * 104_729) % live.count]
                let replacement = Trigrams(of: texts[(number * 31) % texts.count])
                index.insert(edited, replacement)
                reference[edited] = replacement
            }
        }
        // Most posts go: the dead slots come to outnumber the living, and the lists are rebuilt.
        var step = 0
        while live.count > 300 {
            step += 1
            live.swapAt((step * 7_919) % live.count, live.count - 1)
            let gone = live.removeLast()
            index.remove(gone)
            reference[gone] = nil
            if step % 50 == 0 {
                _ = expectSameVerdict(index, reference, Trigrams(of: texts[(step * 17) % texts.count]), threshold)
                checked += 1
            }
        }
        for text in texts.prefix(100) { _ = expectSameVerdict(index, reference, Trigrams(of: text), threshold) }
        #expect(index.count == reference.count)
        #expect(checked > 400)
        #expect(found > 0, "the texts include near-duplicates, so some searches find one")
    }

    @Test func onlyTheIncludedPostsAreConsidered() {
        var index = TrigramIndex()
        index.insert(1, Trigrams(of: "Pacer 1.2 is out: slots and blackouts"))
        index.insert(2, Trigrams(of: "Pacer 1.2 is out: slots & blackouts!"))
        index.insert(3, Trigrams(of: "We are hiring in Berlin"))
        let query = Trigrams(of: "pacer 1.2 is out — slots and blackouts")
        #expect(index.mostSimilar(to: query, threshold: 0.8)?.postID == 1, "equal scores: the lowest id")
        #expect(index.mostSimilar(to: query, threshold: 0.8, including: { $0 != 1 })?.postID == 2)
        #expect(index.mostSimilar(to: query, threshold: 0.8, including: { $0 == 3 }) == nil)
    }

    @Test func emptyTextsAreAlike() {
        var index = TrigramIndex()
        index.insert(4, Trigrams(of: "…"))
        index.insert(5, Trigrams(of: "Something"))
        let match = index.mostSimilar(to: Trigrams(of: ""), threshold: 1)
        #expect(match?.postID == 4 && match?.score == 1)
    }

    @Test func keepOnlyRemovesEveryOtherPost() {
        var index = TrigramIndex()
        for (number, text) in Self.texts(count: 50, seed: 7).enumerated() { index.insert(PostID(number), Trigrams(of: text)) }
        index.keepOnly([3, 4, 99])
        #expect(index.count == 2)
        #expect(index.contains(3) && index.contains(4) && !index.contains(5))
        #expect(index.mostSimilar(to: Trigrams(of: "anything at all"), threshold: 0)?.postID == 3)
    }
}
