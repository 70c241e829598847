import Foundation
import PacerProtocol
import Testing

/// A channel whose slots and blackouts leave no instant (issue 21, item 7): `pacer config check`
/// refuses it, and pacerd, given it anyway, plans at once and says why.
@Suite(.timeLimit(.minutes(2)))
struct ClosedChannelTests {
    static let closed = """
        [[channel]]
        name = "outbox"
        kind = "outbox"
        default = true
        slots = ["*-*-* *:*:0/0.000001"]
        blackout = ["*-*-* 00..23:*"]
        """

    @Test func configCheckRefusesItOnTheSlotsLine() throws {
        let harness = try DaemonHarness()
        let file = harness.root.appendingPathComponent("check.toml").path
        try Self.closed.write(toFile: file, atomically: true, encoding: .utf8)
        let checked = try harness.pacer("config", "check", file)
        #expect(checked.status == 65)
        #expect(checked.stderr.contains(
            "\(file):5: channel outbox: no instant in the next year satisfies the slots of channel outbox outside its blackouts; change slots or blackout"))
    }

    @Test func pacerdPlansItsPostsAtOnceWithTheReason() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.closed)
        let post = try harness.pacerJSON(PostView.self, "add", "never goes out")
        #expect(post.deliveries.first?.plannedAt == nil)
        #expect(post.deliveries.first?.reasons.map(\.detail) == [
            "no instant in the next year satisfies the slots of channel outbox outside its blackouts"
        ])
        #expect(harness.isDaemonRunning)
    }
}
