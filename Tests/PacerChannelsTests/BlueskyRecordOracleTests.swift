import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// The records ``BlueskyPost`` builds, checked by the atproto SDK's models and the lexicon's bounds
/// (`Tests/Oracles/bluesky_record.py`): a post that ``BlueskyRecordLimits`` lets through makes a
/// valid record, and each one it refuses would have made an invalid one (issue 22, item 7).
struct BlueskyRecordOracleTests {
    struct Case: CustomStringConvertible {
        let name: String
        let text: String
        var tags: [String] = []
        let fits: Bool
        var description: String { name }
    }

    /// One grapheme of 25 UTF-8 bytes.
    static let family = "👨‍👩‍👧‍👦"

    static let cases: [Case] = [
        Case(name: "plain", text: "Hello, world", fits: true),
        Case(name: "links, a mention and hashtags", text: "Hi @friend.example ✨ read https://example.com/a?b=c (and https://example.org/x). #swift #Café 日本語",
             tags: ["swift", "#pacer", "日本語"], fits: true),
        Case(name: "a hashtag of 64 characters", text: "tagged #" + String(repeating: "ü", count: 64), fits: true),
        Case(name: "a hashtag of 65 characters is no facet", text: "tagged #" + String(repeating: "ü", count: 65), fits: true),
        Case(name: "300 graphemes of 2 bytes", text: String(repeating: "é", count: 300), fits: true),
        Case(name: "300 graphemes of 3 code points", text: String(repeating: "e\u{301}\u{302}", count: 300), fits: true),
        Case(name: "301 graphemes", text: String(repeating: "a", count: 301), fits: false),
        Case(name: "3000 bytes: 120 emoji", text: String(repeating: family, count: 120), fits: true),
        Case(name: "3001 bytes", text: String(repeating: family, count: 120) + "a", fits: false),
        Case(name: "130 emoji", text: String(repeating: family, count: 130), fits: false),
        Case(name: "8 tags of 64 graphemes", text: "tags", tags: (1...8).map { String(repeating: "\($0)", count: 64) }, fits: true),
        Case(name: "a tag of 640 bytes", text: "tags", tags: [String(repeating: family, count: 25) + String(repeating: "a", count: 15)], fits: true),
        Case(name: "9 tags", text: "tags", tags: (1...9).map { "tag\($0)" }, fits: false),
        Case(name: "a tag of 65 graphemes", text: "tags", tags: [String(repeating: "x", count: 65)], fits: false),
        Case(name: "a tag of 650 bytes", text: "tags", tags: [String(repeating: family, count: 26)], fits: false),
    ]

    struct Input: Encodable { let records: [String] }
    struct Output: Decodable { let problems: [[String]] }

    @Test func theLimitsAcceptExactlyTheRecordsTheSDKAndTheLexiconAccept() async throws {
        var records: [String] = []
        for testCase in Self.cases {
            let post = await BlueskyPost.make(publication(testCase.text, tags: testCase.tags), createdAt: testNow, language: "en") { handle in
                "did:plc:" + String(handle.prefix { $0 != "." })
            }
            records.append(String(decoding: JSONBody.encode(post), as: UTF8.self))
        }
        let answer = try await Oracle.run("bluesky_record.py", Input(records: records), as: Output.self)
        try #require(answer.problems.count == Self.cases.count)
        for (testCase, problems) in zip(Self.cases, answer.problems) {
            let violations = BlueskyRecordLimits.violations(text: testCase.text, tags: testCase.tags)
            #expect(problems.isEmpty == testCase.fits, "\(testCase): the oracle says \(problems)")
            #expect(violations.isEmpty == testCase.fits, "\(testCase): Pacer says \(violations)")
        }
    }

    @Test func theRecordsFacetsAreWhatTheOracleChecked() async throws {
        let text = Self.cases[1].text
        let post = await BlueskyPost.make(publication(text, tags: Self.cases[1].tags), createdAt: testNow, language: "en") { _ in "did:plc:friend" }
        let kinds = post.facets?.flatMap { $0.features }.map { feature in
            switch feature {
            case .link: "link"
            case .mention: "mention"
            case .tag: "tag"
            }
        }
        #expect(kinds == ["mention", "link", "link", "tag", "tag"], "the valid case must exercise every kind of facet")
        #expect(post.tags == ["swift", "pacer", "日本語"])
    }
}
