@testable import PacerSystemd
import Testing

struct JournalFieldNameTests {
    @Test(arguments: [
        ("post_id", "POST_ID"),
        ("message_id", "MESSAGE_ID"),
        ("code.file", "CODE_FILE"),
        ("CHANNEL", "CHANNEL"),
        ("delivery-id", "DELIVERY_ID"),
        ("with space", "WITH_SPACE"),
        ("_private", "PRIVATE"),
        ("__dunder__", "DUNDER__"),
        ("9lives", "X_9LIVES"),
        ("_9lives", "X_9LIVES"),
        ("café", "CAF_"),
        ("Grüße", "GR__E"),
        ("名前_id", "ID"),
        ("e\u{301}tat", "TAT"),
    ])
    func sanitisesToTheJournalAlphabet(_ name: String, _ expected: String) {
        #expect(JournalFieldName.sanitize(name) == expected)
    }

    @Test(arguments: ["", "_", "___", ".", "😀", "名前", "-_-"])
    func givesNilWhenNoLetterOrDigitRemains(_ name: String) {
        #expect(JournalFieldName.sanitize(name) == nil)
    }

    @Test func cutsLongNamesToSixtyFourCharacters() {
        let long = String(repeating: "a", count: 100)
        #expect(JournalFieldName.sanitize(long) == String(repeating: "A", count: 64))
        let digitFirst = "1" + String(repeating: "b", count: 70)
        let sanitized = JournalFieldName.sanitize(digitFirst)
        #expect(sanitized?.count == 64)
        #expect(sanitized?.hasPrefix("X_1BBB") == true)
    }

    @Test(arguments: ["post_id", "code.file", "_x", "9", "ünïcödé", String(repeating: "z", count: 99)])
    func resultIsAlwaysAValidJournalFieldName(_ name: String) throws {
        let sanitized = try #require(JournalFieldName.sanitize(name))
        #expect((1...64).contains(sanitized.count))
        #expect(sanitized.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        #expect(sanitized.first != "_")
        #expect(sanitized.first?.isWholeNumber == false)
    }

    /// Names of ASCII letters, digits and `_` are mapped byte by byte: the same names as the
    /// mapping character by character gives, over random names of every length up to 80.
    @Test func wordNamesMappedByByteMatchTheCharacterMapping() {
        let alphabet = Array("abzAZ09_".utf8)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        for _ in 0..<5_000 {
            let name = String(decoding: (0..<next(81)).map { _ in alphabet[next(alphabet.count)] }, as: UTF8.self)
            #expect(JournalFieldName.sanitize(wordBytes: Array(name.utf8)) == JournalFieldName.sanitize(characters: name), "\(name)")
        }
    }
}
