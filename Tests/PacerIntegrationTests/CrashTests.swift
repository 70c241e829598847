import Foundation
import PacerProtocol
import Testing

/// pacerd killed with SIGKILL while a channel call is in flight: never a second post, never a lost one.
@Suite(.timeLimit(.minutes(2)))
struct CrashTests {
    /// Starts `Tests/Support/holding-webhook.py`; returns the process, its port and its request log.
    func startReceiver(_ harness: DaemonHarness) throws -> (Process, Int, URL) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/holding-webhook.py").standardized
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
