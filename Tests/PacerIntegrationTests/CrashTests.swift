import Foundation
import PacerProtocol
import Testing

/// pacerd killed with SIGKILL while a channel call is in flight: never a second post, never a lost one.
@Suite(.timeLimit(.minutes(2)))
struct CrashTests {
    @Test func aMastodonCallCutByAKillIsFoundAmongTheAccountsStatusesNotSentAgain() throws {
        let harness = try DaemonHarness()
        let (receiver, port, log) = try harness.startReceiver()
        defer { receiver.stop() }
        try harness.writeCredential("mastodon-token")
        try harness.start(config: """
            [[channel]]
            name = "mastodon"
            kind = "mastodon"
            default = true
            base_url = "http://127.0.0.1:\(port)"
            credential = "mastodon-token"
            timeout = "20s"
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "toot through a crash")
        try harness.wait(seconds: 10, for: "the status to reach the instance") { harness.received(log).count == 1 }
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 15, for: "the delivery to be published after the restart") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        #expect(harness.received(log).map { $0["path"] } == ["/api/v1/statuses"], "the status the cut request made was found, not made again")
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.url == "https://hooks.example/received/1")
        #expect(!harness.log.contains("test-token-mastodon-token"), "the token never reaches the log")
    }

    @Test(arguments: [
        ("x", "/2/tweets", "base_url = \"http://127.0.0.1:PORT\"\ncredential = \"x-token\""),
        ("linkedin", "/rest/posts", "base_url = \"http://127.0.0.1:PORT\"\ncredential = \"linkedin-token\"\nauthor = \"urn:li:person:abc\"\nversion = \"202411\""),
    ])
    func aCallWithoutAnIdempotencyProofBecomesUnknownAndIsNeverResent(kind: String, path: String, keys: String) throws {
        let harness = try DaemonHarness()
        let (receiver, port, log) = try harness.startReceiver()
        defer { receiver.stop() }
        try harness.writeCredential("\(kind)-token")
        try harness.start(config: """
            [[channel]]
            name = "\(kind)"
            kind = "\(kind)"
            default = true
            timeout = "20s"
            \(keys.replacingOccurrences(of: "PORT", with: String(port)))
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "post through a crash on \(kind)")
        try harness.wait(seconds: 10, for: "the request to reach \(kind)") { harness.received(log).count == 1 }
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 10, for: "the delivery to be unknown") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .unknown
        }
        usleep(1_500_000)
        #expect(harness.received(log).map { $0["path"] } == [path], "never sent a second time on its own")
        #expect(try harness.pacerJSON(StatusView.self, "status").summary.contains("1 unknown"))
        let confirmed = try harness.pacerJSON(PostView.self, "confirm", String(post.id), "--published", "https://\(kind).example/1")
        #expect(confirmed.deliveries.first?.state == .published)
    }

    @Test func aCommandKilledWithThePacerdIsUnknownAndNeverRunAgain() throws {
        let harness = try DaemonHarness()
        let marker = harness.root.appendingPathComponent("runs.txt").path
        // The command prints a line every 0.2 s until pacerd is gone: the next line then meets a
        // closed pipe (SIGPIPE), so it dies with pacerd rather than outliving the test.
        try harness.start(config: """
            [[channel]]
            name = "script"
            kind = "command"
            default = true
            command = ["/bin/sh", "-c", "echo run >> \(marker); while sleep 0.2; do echo waiting; done"]
            timeout = "30s"
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "run me once")
        try harness.wait(seconds: 10, for: "the command to start") { FileManager.default.fileExists(atPath: marker) }
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 10, for: "the delivery to be unknown") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .unknown
        }
        usleep(1_500_000)
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "run\n", "the command ran once")
    }

    @Test func aWebhookCallCutByAKillIsResentWithTheSameKeyAndPublishedOnce() throws {
        let harness = try DaemonHarness()
        let (receiver, port, log) = try harness.startReceiver()
        defer { receiver.stop() }
        try harness.start(config: """
            [[channel]]
            name = "hook"
            kind = "webhook"
            default = true
            url = "http://127.0.0.1:\(port)/hook"
            timeout = "20s"
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "survive a crash")
        try harness.wait(seconds: 10, for: "the request to reach the receiver") { harness.received(log).count == 1 }
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .claimed)
        harness.kill()

        try harness.start()
        try harness.wait(seconds: 15, for: "the delivery to be published after the restart") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let requests = harness.received(log)
        #expect(requests.count == 2, "the interrupted request and exactly one replay")
        #expect(Set(requests.compactMap { $0["key"] }).count == 1, "the replay carries the same Idempotency-Key: \(requests)")
        #expect(requests.allSatisfy { $0["signature"] == nil }, "no secret configured, no signature")
        let shown = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(shown.deliveries.first?.url == "https://hooks.example/received/2")
        #expect(harness.log.contains("shows it was not published") || harness.log.contains("queued again"))
    }

    /// A Bluesky publish cut by a kill mid-`createRecord`. `stored`: the PDS committed the record
    /// before the connection died, so the look-up of the delivery's record key at start-up finds
    /// it and nothing is sent again. Otherwise the retry creates it under the same key.
    @Test(arguments: [true, false])
    func aBlueskyRecordCutByAKillExistsExactlyOnceAfterTheRestart(stored: Bool) throws {
        let harness = try DaemonHarness()
        let (receiver, port, log) = try harness.startReceiver(mode: stored ? "bluesky-stored" : "bluesky-lost")
        defer { receiver.stop() }
        try harness.writeCredential("bluesky-password")
        try harness.start(config: """
            [[channel]]
            name = "bluesky"
            kind = "bluesky"
            default = true
            base_url = "http://127.0.0.1:\(port)"
            identifier = "ada.test"
            credential = "bluesky-password"
            timeout = "20s"
            """)
        let creates = { harness.received(log).filter { $0["path"] == "/xrpc/com.atproto.repo.createRecord" } }
        let post = try harness.pacerJSON(PostView.self, "add", "skeet through a crash with @bob.test #swift")
        try harness.wait(seconds: 10, for: "the record to reach the PDS") { creates().count == 1 }
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .claimed)
        harness.kill()

        try harness.start()
        try harness.wait(seconds: 15, for: "the delivery to be published after the restart") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        usleep(1_000_000)
        let rkeys = Set(creates().compactMap { $0["rkey"] })
        #expect(rkeys.count == 1, "every create of the delivery carries its one record key: \(creates())")
        let rkey = try #require(rkeys.first)
        let storedRecords = harness.received(log).filter { ($0["outcome"] ?? "").contains("stored") }
        #expect(storedRecords.map { $0["rkey"] } == [rkey], "exactly one record exists at the PDS: \(harness.received(log))")
        #expect(creates().map { $0["outcome"] } == (stored ? ["held+stored"] : ["held", "stored"]))
        #expect(harness.received(log).filter { $0["path"] == "/xrpc/com.atproto.server.createSession" }.count == 1,
                "the login kept in session.json survives the restart")
        let lookUps = harness.received(log).filter { $0["path"] == "/xrpc/com.atproto.repo.getRecord" }
        #expect(lookUps.first?["outcome"] == (stored ? "found" : "not found"), "the record key is looked up after the restart")
        let shown = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(shown.deliveries.first?.url == "https://bsky.app/profile/did:plc:pacertest/post/\(rkey)")
        #expect(harness.log.contains(stored ? "shows it was published" : "shows it was not published"))
        for secret in ["test-token-bluesky-password", "access-jwt-", "refresh-jwt-"] {
            #expect(!harness.log.contains(secret), "no password or token reaches the log")
        }
    }
}
