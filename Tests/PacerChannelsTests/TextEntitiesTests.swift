import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct TextEntitiesTests {
    @Test func byteOffsetsCountUTF8() {
        let entities = TextEntities.scan("✨ (https://a.example/x_(y)), @bob.example. #tag! #123 mail@x.example https://")
        #expect(entities == [
            TextEntity(kind: .link("https://a.example/x_(y)"), utf8Range: 5..<28, characterCount: 23),
            TextEntity(kind: .mention("bob.example"), utf8Range: 31..<43, characterCount: 12),
            TextEntity(kind: .hashtag("tag"), utf8Range: 45..<49, characterCount: 4),
        ])
    }

    @Test func mastodonCountsAURLAs23() {
        #expect(PlatformText.mastodonLength(of: "a https://example.com/" + String(repeating: "p", count: 100), charactersPerURL: 23) == 25)
        #expect(PlatformText.mastodonLength(of: "👋🏽 é", charactersPerURL: 23) == 3)
    }

    @Test func littleTextEscapesReservedCharactersButKeepsHashtags() {
        #expect(LittleText.escape(##"a\b|c{d}e@f[g]h(i)j<k>l*m_n~o #tag #not_plain 50# x"##)
                == ##"a\\b\|c\{d\}e\@f\[g\]h\(i\)j\<k\>l\*m\_n\~o #tag \#not\_plain 50\# x"##)
    }

    @Test func recordKeysAreTIDsFixedByInstantAndDelivery() {
        let instant = ISOInstant.parse("2026-12-01T09:00:05Z")!
        let key = RecordKey.make(at: instant, delivery: 42)
        #expect(RecordKey.isValid(key))
        #expect(key == RecordKey.make(at: instant, delivery: 42))
        #expect(key != RecordKey.make(at: instant, delivery: 43))
        #expect(RecordKey.make(at: instant.addingTimeInterval(1), delivery: 42) > key, "TIDs sort by time")
        #expect(!RecordKey.isValid("pacer-42"))
    }
}
