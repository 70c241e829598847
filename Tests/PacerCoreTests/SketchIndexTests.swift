import Testing
@testable import PacerCore

/// ``SketchIndex`` finds exactly the posts whose ``TrigramSketch`` may reach the threshold,
/// as comparing the sketches one by one does, through inserts, replacements, removals and the
/// compaction that follows many removals.
struct SketchIndexTests {
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
                made.append((0..<(3 + next() % 10)).map { _ in String(words[next()]) }.joined(separator: " "))
            }
        }
        return made
    }

    private func linear(_ sketches: [PostID: TrigramSketch], _ query: TrigramSketch, _ threshold: Double) -> Set<PostID> {
        Set(sketches.filter { query.mayReach(threshold, with: $0.value) }.keys)
    }

    @Test(arguments: [0, 0.3, 0.5, 0.8, 0.95, 1])
    func theIndexFindsWhatComparingEverySketchFinds(threshold: Double) {
        let texts = Self.texts(count: 3_000, seed: 0x5EED)
        var index = SketchIndex()
        var reference: [PostID: TrigramSketch] = [:]
        var live: [PostID] = []
        var checked = 0, found = 0
        for (number, text) in texts.enumerated() {
            let id = PostID(number + 1)
            let sketch = TrigramSketch(Trigrams(of: text))
            if number % 7 == 0 {
                let expected = linear(reference, sketch, threshold)
                #expect(Set(index.candidates(reaching: threshold, from: sketch)) == expected)
                checked += 1
                found += expected.count
            }
            index.insert(id, sketch)
            reference[id] = sketch
            live.append(id)
            if number % 3 == 0 {
                // Removals, many: the slots are compacted on the way.
                live.swapAt((number * 7_919) % live.count, live.count - 1)
                let gone = live.removeLast()
                index.remove(gone)
                reference[gone] = nil
            }
            if number % 11 == 0, !live.isEmpty {
                let edited = live[(number * 104_729) % live.count]
                let replacement = TrigramSketch(Trigrams(of: texts[(number * 31) % texts.count]))
                index.insert(edited, replacement)
                reference[edited] = replacement
            }
        }
        // Most posts go: the dead slots come to outnumber the living, and the slots are compacted.
        var step = 0
        while live.count > 300 {
            step += 1
            live.swapAt((step * 7_919) % live.count, live.count - 1)
            let gone = live.removeLast()
            index.remove(gone)
            reference[gone] = nil
            if step % 50 == 0 {
                let query = TrigramSketch(Trigrams(of: texts[(step * 17) % texts.count]))
                #expect(Set(index.candidates(reaching: threshold, from: query)) == linear(reference, query, threshold))
                checked += 1
            }
        }
        for text in texts.prefix(100) {
            let query = TrigramSketch(Trigrams(of: text))
            #expect(Set(index.candidates(reaching: threshold, from: query)) == linear(reference, query, threshold))
        }
        #expect(index.count == reference.count)
        #expect(checked > 400)
        #expect(found > 0, "the texts include near-duplicates, so some candidates reach the threshold")
    }

    /// The bound the index's queries rest on: whenever two sketches may reach the threshold,
    /// they share at least `minimumSharedBits` bits, over every size a short post can have.
    @Test(arguments: [0, 0.3, 0.5, 0.8, 0.95, 1])
    func everyPairThatMayReachTheThresholdSharesTheMinimumBits(threshold: Double) {
        var pairs = 0
        var violations: [[Int]] = []
        for count in 0...30 {
            for bitCount in (count == 0 ? 0 : 1)...count {
                let required = TrigramSketch.minimumSharedBits(threshold, count: count, bitCount: bitCount)
                for otherCount in 0...30 {
                    for otherBitCount in (otherCount == 0 ? 0 : 1)...otherCount {
                        for shared in 0...min(bitCount, otherBitCount)
                        where TrigramSketch.mayReach(threshold, count, bitCount, otherCount, otherBitCount, sharedBits: shared) {
                            pairs += 1
                            if shared < required { violations.append([count, bitCount, otherCount, otherBitCount, shared]) }
                        }
                    }
                }
            }
        }
        #expect(pairs > 0)
        #expect(violations.isEmpty, "count, bitCount, otherCount, otherBitCount, shared: \(violations.prefix(5))")
    }

    @Test func keepOnlyRemovesEveryOtherPost() {
        var index = SketchIndex()
        for (number, text) in Self.texts(count: 50, seed: 7).enumerated() { index.insert(PostID(number), TrigramSketch(Trigrams(of: text))) }
        index.keepOnly([3, 4, 99])
        #expect(index.count == 2)
        #expect(index.contains(3) && index.contains(4) && !index.contains(5))
        let sketch = TrigramSketch(Trigrams(of: ""))
        #expect(Set(index.candidates(reaching: 0, from: sketch)) == [3, 4])
    }
}
