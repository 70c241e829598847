import Foundation
import PacerProtocol
import Testing

/// Posts that fell due while pacerd was stopped: re-planned under every rule, never a burst.
@Suite(.timeLimit(.minutes(2)))
struct DowntimeTests {
    /// Queues three posts, stops pacerd, and moves their planned instants two hours into the past,
    /// as if pacerd had been down when they fell due.
    func queueThenSimulateDowntime(_ harness: DaemonHarness, config: String) throws -> [PostView] {
        try harness.start(config: config)
        let posts = try (1...3).map { try harness.pacerJSON(PostView.self, "add", "post \($0)", "--at", "+1d") }
        #expect(harness.stop() == 0)
        let database = harness.root.appendingPathComponent("state/pacer/pacer.sqlite").path
        let twoHoursAgo = Int64((Date().timeIntervalSince1970 - 7200) * 1_000_000)
        let moved = try harness.run("/usr/bin/sqlite3", [database, "UPDATE delivery SET not_before = NULL, planned_at = \(twoHoursAgo) + id"])
        #expect(moved.status == 0, "\(moved.stderr)")
        try harness.start()
        return posts
    }

    @Test func lateDeliveriesAreReslottedWithTheirGaps() throws {
        let harness = try DaemonHarness()
        let posts = try queueThenSimulateDowntime(harness, config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            min_gap = "1h"
            max_lateness = "30min"
            late = "reslot"
            """)
        try harness.wait(seconds: 10, for: "the first late post published") {
            try harness.pacerJSON(PostView.self, "show", String(posts[0].id)).deliveries.first?.state == .published
        }
        usleep(1_000_000)
        let rest = try posts.dropFirst().map { try harness.pacerJSON(PostView.self, "show", String($0.id)).deliveries[0] }
        #expect(rest.map(\.state) == [.queued, .queued], "one goes now, the rest wait: no burst")
        let instants = rest.compactMap(\.plannedAt)
        #expect(instants.count == 2)
        if instants.count == 2 {
            #expect(instants[1].timeIntervalSince(instants[0]) >= 3600 - 1)
            #expect(instants[0].timeIntervalSinceNow > 3000)
        }
        #expect(rest.allSatisfy { $0.reasons.contains { $0.rule == "late" || $0.rule == "min_gap" } })
    }

    @Test func deliveriesLaterThanMaxLatenessAreHeldWhenLateIsHold() throws {
        let harness = try DaemonHarness()
        let posts = try queueThenSimulateDowntime(harness, config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            max_lateness = "30min"
            late = "hold"
            """)
        for post in posts {
            try harness.wait(seconds: 10, for: "post \(post.id) held") {
                try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .held
            }
        }
        let published = (try? FileManager.default.contentsOfDirectory(atPath: harness.outbox.path)) ?? []
        #expect(published.isEmpty, "nothing late went out")
    }
}
