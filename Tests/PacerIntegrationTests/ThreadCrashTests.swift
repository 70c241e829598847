import Foundation
import PacerProtocol
import Testing

/// A thread on Mastodon with pacerd killed while a part's call is in flight: the parts confirmed
/// before stay out once, the part in doubt is never sent again on its own, and none after it.
@Suite(.timeLimit(.minutes(2)))
struct ThreadCrashTests {
    private static let thread = """
        +++
        channels = ["mastodon"]
        +++
        One: why we rewrote the build.
        +++ part +++
        Two: what we measured first.
        +++ part +++
        Three: what we would do again.
        """

    private func statuses(_ harness: DaemonHarness, _ log: URL) -> [[String: Any]] {
        harness.received(log).filter { $0["path"] == "/api/v1/statuses" }.compactMap {
            (try? JSONSerialization.jsonObject(with: Data(($0["body"] ?? "").utf8))) as? [String: Any]
        }
    }

    @Test func aKillDuringPartTwoLeavesPartOneOnceAndNothingSentAgain() throws {
        let harness = try DaemonHarness()
        let (receiver, log) = try harness.startWithMastodon(mode: "hold-status=2")
        defer { receiver.stop() }
        let file = harness.root.appendingPathComponent("thread.md")
        try Self.thread.write(to: file, atomically: true, encoding: .utf8)
        let post = try harness.pacerJSON(PostView.self, "add", "--file", file.path, "--json")
        #expect(post.parts.count == 2)
        try harness.wait(seconds: 10, for: "part 2 to reach the instance") { statuses(harness, log).count == 2 }
        let sent = statuses(harness, log)
        #expect(sent.map { $0["status"] as? String } == ["One: why we rewrote the build.", "Two: what we measured first."])
        #expect(sent[0]["in_reply_to_id"] == nil && sent[1]["in_reply_to_id"] as? String == "1", "part 2 replies to part 1")
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 10, for: "the delivery to be unknown") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .unknown
        }
        usleep(1_500_000)
        #expect(statuses(harness, log).count == 2, "neither part 2 nor part 3 is sent on its own")
        let shown = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(shown.deliveries.first?.partsOut == 1 && shown.deliveries.first?.partCount == 3)
        let text = try harness.pacer("show", String(post.id))
        #expect(text.stdout.contains("thread: 1 of 3 parts out"), "\(text.stdout)")
    }

    @Test func aKillAfterEveryPartLeavesTheThreadPublishedOnce() throws {
        let harness = try DaemonHarness()
        let (receiver, log) = try harness.startWithMastodon(mode: "hold-status=99")
        defer { receiver.stop() }
        let file = harness.root.appendingPathComponent("thread.md")
        try Self.thread.write(to: file, atomically: true, encoding: .utf8)
        let post = try harness.pacerJSON(PostView.self, "add", "--file", file.path, "--json")
        try harness.wait(seconds: 10, for: "the thread to be published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        harness.kill()
        try harness.start()
        usleep(1_500_000)
        let sent = statuses(harness, log)
        #expect(sent.map { $0["in_reply_to_id"] as? String } == [nil, "1", "2"], "three parts, each once, each replying to the one before")
        let shown = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(shown.deliveries.first?.url == "https://hooks.example/received/1", "the delivery is where the thread begins")
    }
}
