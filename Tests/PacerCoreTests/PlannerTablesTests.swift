import Testing
@testable import PacerCore

/// The planner's own hash tables answer as the dictionaries they replace: ``IdentifierTable``
/// through growth and colliding ids, ``ChannelNumbers`` for ASCII names and for Unicode names that
/// are equal as Strings but not byte for byte.
struct PlannerTablesTests {
    @Test func anIdentifierTableAnswersAsADictionaryThroughGrowth() {
        var table = IdentifierTable(capacity: 4)
        var reference: [Int64: Int] = [:]
        // Spread ids, negative ones, and multiples of a power of two (which a weak multiplicative
        // hash would crowd into few slots).
        let ids: [Int64] = (0..<300).map { Int64($0) * 1_024 } + (1...300).map { -Int64($0) } + [Int64.max, Int64.min, 0, 7, 7]
        for (offset, id) in ids.enumerated() {
            let given = table.value(of: id, orGive: offset)
            let expected = reference[id] ?? offset
            reference[id] = expected
            #expect(given == expected, "id \(id)")
        }
        for id in ids { #expect(table[id] == reference[id]) }
        for absent: Int64 in [1, 3, 1_025, 999_999] { #expect(table[absent] == nil) }
    }

    @Test func channelNumbersAnswerAsADictionary() {
        var numbers = ChannelNumbers()
        let names = (0..<40).map { "channel-\($0)" } + ["mastodon", "x", "bluesky"]
        for name in names { numbers.add(name) }
        numbers.add("mastodon")  // a second add keeps the first number
        #expect(numbers.names == names)
        for (number, name) in names.enumerated() { #expect(numbers.number(of: name) == number) }
        #expect(numbers.number(of: "linkedin") == nil)
    }

    @Test func aChannelNameEqualAsAStringButNotByteForByteIsFound() {
        var numbers = ChannelNumbers()
        numbers.add("caf\u{E9}")  // é as one scalar
        numbers.add("outbox")
        let decomposed = "cafe\u{301}"  // e and a combining acute accent: equal as a Swift String
        #expect(decomposed == "caf\u{E9}")
        #expect(numbers.number(of: decomposed) == 0)
        #expect(numbers.number(of: "cafe") == nil)
    }
}
