import Foundation
import PacerProtocol
import Testing

/// pacerd killed with SIGKILL while a channel call is in flight: never a second post, never a lost one.
@Suite(.timeLimit(.minutes(2)))
struct CrashTests {
    /// Starts `Tests/Support/holding-receiver.py`; returns the process, its port and its request log.
    func startReceiver(_ harness: DaemonHarness) throws -> (Process, Int, URL) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/holding-receiver.py").standardized
        let log = harness.root.appendingPathComponent("received.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, log.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw HarnessError("the webhook receiver did not start") }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("the webhook receiver printed no port")
        }
        return (process, port, log)
    }

    func received(_ log: URL) -> [[String: String]] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?.compactMapValues { $0 as? String }
        }
    }

    /// Writes a private credential file, as a person would for a platform token.
    func writeCredential(_ harness: DaemonHarness, _ name: String) throws {
        let directory = harness.root.appendingPathComponent("config/pacer/credentials")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try "test-token-\(name)".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
    }

    @Test func aMastodonCallCutByAKillIsResentWithTheSameKeyWithinItsHour() throws {
        let harness = try DaemonHarness()
        let (receiver, port, log) = try startReceiver(harness)
        defer { receiver.terminate() }
        try writeCredential(harness, "mastodon-token")
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
        try harness.wait(seconds: 10, for: "the status to reach the instance") { received(log).count == 1 }
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 15, for: "the delivery to be published after the restart") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let requests = received(log)
        #expect(requests.map { $0["path"] } == ["/api/v1/statuses", "/api/v1/statuses"])
        #expect(Set(requests.compactMap { $0["key"] }).count == 1, "one Idempotency-Key for both: Mastodon keeps one status")
        #expect(!harness.log.contains("test-token-mastodon-token"), "the token never reaches the log")
    }

    @Test(arguments: [
        ("x", "/2/tweets", "base_url = \"http://127.0.0.1:PORT\"\ncredential = \"x-token\""),
        ("linkedin", "/rest/posts", "base_url = \"http://127.0.0.1:PORT\"\ncredential = \"linkedin-token\"\nauthor = \"urn:li:person:abc\"\nversion = \"202411\""),
    ])
    func aCallWithoutAnIdempotencyProofBecomesUnknownAndIsNeverResent(kind: String, path: String, keys: String) throws {
        let harness = try DaemonHarness()
        let (receiver, port, log) = try startReceiver(harness)
        defer { receiver.terminate() }
        try writeCredential(harness, "\(kind)-token")
        try harness.start(config: """
            [[channel]]
            name = "\(kind)"
            kind = "\(kind)"
            default = true
            timeout = "20s"
            \(keys.replacingOccurrences(of: "PORT", with: String(port)))
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "post through a crash on \(kind)")
        try harness.wait(seconds: 10, for: "the request to reach \(kind)") { received(log).count == 1 }
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 10, for: "the delivery to be unknown") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .unknown
        }
        usleep(1_500_000)
        #expect(received(log).map { $0["path"] } == [path], "never sent a second time on its own")
        #expect(try harness.pacerJSON(StatusView.self, "status").summary.contains("1 unknown"))
        let confirmed = try harness.pacerJSON(PostView.self, "confirm", String(post.id), "--published", "https://\(kind).example/1")
        #expect(confirmed.deliveries.first?.state == .published)
    }

    @Test func aCommandKilledWithThePacerdIsUnknownAndNeverRunAgain() throws {
        let harness = try DaemonHarness()
        let marker = harness.root.appendingPathComponent("runs.txt").path
        try harness.start(config: """
            [[channel]]
            name = "script"
            kind = "command"
            default = true
            command = ["/bin/sh", "-c", "echo run >> \(marker); sleep 20"]
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
        let (receiver, port, log) = try startReceiver(harness)
        defer { receiver.terminate() }
        try harness.start(config: """
            [[channel]]
            name = "hook"
            kind = "webhook"
            default = true
            url = "http://127.0.0.1:\(port)/hook"
            timeout = "20s"
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "survive a crash")
        try harness.wait(seconds: 10, for: "the request to reach the receiver") { received(log).count == 1 }
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .claimed)
        harness.kill()

        try harness.start()
        try harness.wait(seconds: 15, for: "the delivery to be published after the restart") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let requests = received(log)
        #expect(requests.count == 2, "the interrupted request and exactly one replay")
        #expect(Set(requests.compactMap { $0["key"] }).count == 1, "the replay carries the same Idempotency-Key: \(requests)")
        #expect(requests.allSatisfy { $0["signature"] == nil }, "no secret configured, no signature")
        let shown = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(shown.deliveries.first?.url == "https://hooks.example/received/2")
        #expect(harness.log.contains("shows it was not published") || harness.log.contains("queued again"))
    }
}
