import Foundation
import PacerProtocol
import Testing

/// `pacer add` checks a Mastodon text against the limit the instance announces
/// (`GET /api/v2/instance`), learnt after start-up without delaying it; 500 when it cannot be asked.
@Suite(.timeLimit(.minutes(2)))
struct MastodonLimitTests {
    func startDaemon(_ harness: DaemonHarness, port: Int, extra: String = "") throws {
        try harness.writeCredential("mastodon-token")
        try harness.start(config: """
            [[channel]]
            name = "mastodon"
            kind = "mastodon"
            default = true
            base_url = "http://127.0.0.1:\(port)"
            credential = "mastodon-token"
            \(extra)
            """)
    }

    /// A post for tomorrow, so that nothing is published while the test runs.
    func add(_ harness: DaemonHarness, characters: Int) throws -> CommandResult {
        try harness.pacer("add", String(repeating: "a", count: characters), "--at", "tomorrow")
    }

    @Test func aTextWithinTheInstancesLimitIsAcceptedAboveFiveHundred() throws {
        let harness = try DaemonHarness()
        let (receiver, port, _) = try harness.startReceiver(mode: "mastodon-limit=1000")
        defer { receiver.stop() }
        try startDaemon(harness, port: port)
        try harness.wait(seconds: 10, for: "pacer channels to show the instance's limit") {
            try harness.pacerJSON([ChannelView].self, "channels").first?.rules["max_length"] == "1000 (the instance's limit)"
        }
        #expect(harness.log.contains("the Mastodon instance allows 1000 characters per status"))
        let accepted = try add(harness, characters: 600)
        #expect(accepted.status == 0, "600 characters fit the instance's 1000: \(accepted.stderr)")
        let refused = try add(harness, characters: 1001)
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("1001/1000 characters on mastodon"), "\(refused.stderr)")
    }

    @Test func maxLengthInTheChannelWinsOverTheInstance() throws {
        let harness = try DaemonHarness()
        let (receiver, port, _) = try harness.startReceiver(mode: "mastodon-limit=1000")
        defer { receiver.stop() }
        try startDaemon(harness, port: port, extra: "max_length = 550")
        try harness.wait(seconds: 10, for: "the instance's limit to be learnt") {
            harness.log.contains("the Mastodon instance allows 1000 characters per status")
        }
        #expect(try harness.pacerJSON([ChannelView].self, "channels").first?.rules["max_length"] == "550")
        let refused = try add(harness, characters: 600)
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("600/550 characters on mastodon"), "\(refused.stderr)")
    }

    @Test func aTextAboveFiveHundredIsRefusedWhenTheInstanceSaysFiveHundred() throws {
        let harness = try DaemonHarness()
        let (receiver, port, _) = try harness.startReceiver(mode: "mastodon-limit=500")
        defer { receiver.stop() }
        try startDaemon(harness, port: port)
        try harness.wait(seconds: 10, for: "the instance's limit to be learnt") {
            harness.log.contains("the Mastodon instance allows 500 characters per status")
        }
        let refused = try add(harness, characters: 600)
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("600/500 characters on mastodon; shorten it by 100"), "\(refused.stderr)")
    }

    @Test func anUnreachableInstanceLeavesTheLimitAtFiveHundred() throws {
        let harness = try DaemonHarness()
        // A port that was just free: nothing listens there any more, so connections are refused.
        let (receiver, port, _) = try harness.startReceiver()
        receiver.stop()
        try startDaemon(harness, port: port)
        try harness.wait(seconds: 10, for: "the failed look-up to be logged") {
            harness.log.contains("the Mastodon instance's length limit is unavailable; pacer add counts 500 characters")
        }
        #expect(try harness.pacerJSON([ChannelView].self, "channels").first?.rules["max_length"] == nil)
        let refused = try add(harness, characters: 600)
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("600/500 characters on mastodon; shorten it by 100"), "\(refused.stderr)")
        #expect(try add(harness, characters: 500).status == 0)
    }

    @Test func aReloadAsksTheNewInstance() throws {
        let harness = try DaemonHarness()
        let (small, smallPort, _) = try harness.startReceiver(mode: "mastodon-limit=500")
        defer { small.stop() }
        try startDaemon(harness, port: smallPort)
        try harness.wait(seconds: 10, for: "the first instance's limit") {
            harness.log.contains("the Mastodon instance allows 500 characters per status")
        }
        #expect(try add(harness, characters: 600).status == 67)
        let (large, largePort, _) = try harness.startReceiver(mode: "mastodon-limit=1000")
        defer { large.stop() }
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: ":\(smallPort)", with: ":\(largePort)").write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        try harness.reload()
        try harness.wait(seconds: 10, for: "the new instance's limit") {
            try harness.pacerJSON([ChannelView].self, "channels").first?.rules["max_length"] == "1000 (the instance's limit)"
        }
        #expect(try add(harness, characters: 600).status == 0)
    }
}
