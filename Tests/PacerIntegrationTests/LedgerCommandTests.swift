import Foundation
import PacerProtocol
import Testing

/// `pacer history`, `pacer confirm` and `pacer retry` against the real daemon and store.
@Suite(.timeLimit(.minutes(2)))
struct LedgerCommandTests {
    func sqlite(_ harness: DaemonHarness, _ sql: String) throws {
        let database = harness.root.appendingPathComponent("state/pacer/pacer.sqlite").path
        let result = try harness.run("/usr/bin/sqlite3", [database, sql])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func historyListsEveryAttemptWithItsURL() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "remember me")
        try harness.wait(seconds: 10, for: "published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let attempts = try harness.pacerJSON([AttemptView].self, "history", "--since", "-1h")
        #expect(attempts.count == 1)
        #expect(attempts.first?.outcome == "published")
        #expect(attempts.first?.url?.hasPrefix("file://") == true)
        #expect(attempts.first?.attempt == 1)
        #expect(try harness.pacerJSON([AttemptView].self, "history", "--since", "+1h").isEmpty)
        let bad = try harness.pacer("history", "--since", "whenever")
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("--since \"whenever\""))
    }

    @Test func anUnknownDeliveryIsSettledByConfirm() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let first = try harness.pacerJSON(PostView.self, "add", "did it go out?", "--at", "+1d")
        let second = try harness.pacerJSON(PostView.self, "add", "and this one?", "--at", "+2d")
        #expect(harness.stop() == 0)
        try sqlite(harness, "UPDATE delivery SET state = 'unknown' WHERE post_id IN (\(first.id), \(second.id))")
        try harness.start()
        let confirmed = try harness.pacerJSON(PostView.self, "confirm", String(first.id), "--published", "https://example.com/p/1")
        #expect(confirmed.deliveries.map(\.state) == [.published])
        #expect(confirmed.deliveries.first?.url == "https://example.com/p/1")
        let requeued = try harness.pacerJSON(PostView.self, "confirm", String(second.id), "--not-published")
        #expect(requeued.deliveries.map(\.state) == [.queued])
        let again = try harness.pacer("confirm", String(first.id), "--not-published")
        #expect(again.status == 67, "a published delivery is not unknown any more")
        let usage = try harness.pacer("confirm", String(first.id))
        #expect(usage.status == 64)
    }

    @Test func aFailedPostIsQueuedAgainByRetry() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "try again", "--at", "+1d")
        #expect(harness.stop() == 0)
        try sqlite(harness, "UPDATE delivery SET state = 'failed', last_error = 'HTTP 400' WHERE post_id = \(post.id)")
        try harness.start()
        let retried = try harness.pacerJSON(PostView.self, "retry", String(post.id))
        #expect(retried.deliveries.map(\.state) == [.queued])
        let twice = try harness.pacer("retry", String(post.id))
        #expect(twice.status == 67)
        #expect(twice.stderr.contains("no failed delivery"))
    }
}
