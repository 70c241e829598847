import Foundation
import Testing

/// `pacer add` refuses what a Bluesky record cannot hold, beyond the 300 graphemes: more than 3,000
/// UTF-8 bytes of text, more than 8 tags, a tag of more than 64 graphemes (issue 22, item 7).
/// Every post is for tomorrow and the PDS is never asked.
@Suite(.timeLimit(.minutes(2)))
struct BlueskyAddLimitTests {
    /// One grapheme of 25 UTF-8 bytes.
    static let family = "👨‍👩‍👧‍👦"

    func startDaemon(_ harness: DaemonHarness) throws {
        try harness.writeCredential("bsky-app-password")
        try harness.start(config: """
            [[channel]]
            name = "bsky"
            kind = "bluesky"
            default = true
            base_url = "http://127.0.0.1:9"
            identifier = "me.example"
            credential = "bsky-app-password"
            """)
    }

    func add(_ harness: DaemonHarness, _ arguments: [String]) throws -> CommandResult {
        try harness.run(DaemonHarness.binDirectory.appendingPathComponent("pacer").path, ["add"] + arguments + ["--at", "tomorrow"])
    }

    @Test func emojiBeyondThreeThousandBytesAreRefusedAndUpToThemAccepted() throws {
        let harness = try DaemonHarness()
        try startDaemon(harness)
        let refused = try add(harness, [String(repeating: Self.family, count: 130)])
        #expect(refused.status == 67, "\(refused.stderr)")
        #expect(refused.stderr.contains("the post does not fit a Bluesky record: bsky: text: 3250 UTF-8 bytes, Bluesky allows at most 3000; shorten it by 250 bytes"),
                "\(refused.stderr)")
        let accepted = try add(harness, [String(repeating: Self.family, count: 120)])
        #expect(accepted.status == 0, "3,000 bytes fit: \(accepted.stderr)")
    }

    @Test func nineTagsAndALongTagAreRefused() throws {
        let harness = try DaemonHarness()
        try startDaemon(harness)
        let nine = try add(harness, ["Nine tags"] + (1...9).flatMap { ["--tag", "tag\($0)"] })
        #expect(nine.status == 67, "\(nine.stderr)")
        #expect(nine.stderr.contains("bsky: tags: 9, Bluesky allows at most 8; remove 1"), "\(nine.stderr)")
        let long = try add(harness, ["A long tag", "--tag", "#" + String(repeating: "x", count: 65)])
        #expect(long.status == 67, "\(long.stderr)")
        #expect(long.stderr.contains("bsky: tag 1 (xxxxxxxxxxxxxxxxxxxx…): 65 characters, Bluesky allows at most 64; shorten it by 1"), "\(long.stderr)")
        let eight = try add(harness, ["Eight tags"] + (1...8).flatMap { ["--tag", String(repeating: "\($0)", count: 64)] })
        #expect(eight.status == 0, "8 tags of 64 characters fit: \(eight.stderr)")
    }
}
