import Foundation
import PacerProtocol
import Testing

/// Holding, pausing, planning and reloading against the real daemon.
@Suite(.timeLimit(.minutes(2)))
struct CadenceControlTests {
    @Test func aHeldPostWaitsUntilReleased() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "hold me", "--at", "+1d")
        let held = try harness.pacerJSON(PostView.self, "hold", String(post.id))
        #expect(held.deliveries.map(\.state) == [.held])
        #expect(held.deliveries.first?.heldReason == "held with pacer hold")
        #expect(try harness.pacerJSON([PlanEntryView].self, "plan").isEmpty)
        let again = try harness.pacer("hold", String(post.id))
        #expect(again.status == 67, "holding twice is refused: \(again.stderr)")
        let released = try harness.pacerJSON(PostView.self, "release", String(post.id))
        #expect(released.deliveries.map(\.state) == [.queued])
        #expect(released.deliveries.first?.plannedAt != nil)
    }

    @Test func aPausedQueuePublishesNothingAndSaysSo() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let channels = try harness.pacerJSON([ChannelView].self, "pause")
        #expect(channels.allSatisfy { $0.paused })
        let post = try harness.pacerJSON(PostView.self, "add", "wait for me")
        #expect(post.deliveries.first?.plannedAt == nil)
        #expect(post.deliveries.first?.reasons.contains { $0.rule == "paused" } == true)
        #expect(try harness.pacerJSON(StatusView.self, "status").summary.contains("paused"))
        usleep(1_500_000)
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .queued)
        _ = try harness.pacerJSON([ChannelView].self, "resume")
        try harness.wait(seconds: 10, for: "published after resume") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
    }

    @Test func strictRefusesWhenTheRulesWouldDeferThePost() throws {
        let harness = try DaemonHarness()
        try harness.start()
        _ = try harness.pacerJSON(PostView.self, "add", "first", "--at", "+1h")
        let refused = try harness.pacer("add", "second", "--at", "+1h", "--strict")
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("--strict"))
        #expect(refused.stderr.contains("min_gap 2h after delivery 1"), "\(refused.stderr)")
        #expect(try harness.pacerJSON([PostView].self, "list").count == 1, "nothing was queued")
        let exact = try harness.pacer("add", "third", "--at", "+5h", "--strict")
        #expect(exact.status == 0, "\(exact.stderr)")
    }

    @Test func contentRulesRefuseOrHoldAtAdd() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "short"
            kind = "outbox"
            default = true
            max_length = 20
            """)
        let long = try harness.pacer("add", "This text is longer than twenty characters.")
        #expect(long.status == 67)
        #expect(long.stderr.contains("43/20 characters on short; shorten it by 23"), "\(long.stderr)")

        _ = try harness.pacerJSON(PostView.self, "add", "Shipped v2 today!", "--at", "+1d")
        let duplicate = try harness.pacer("add", "shipped v2 today", "--at", "+2d")
        #expect(duplicate.status == 67)
        #expect(duplicate.stderr.contains("near-duplicate of post 1"), "\(duplicate.stderr)")
        let allowed = try harness.pacer("add", "shipped v2 today", "--at", "+2d", "--allow-duplicate")
        #expect(allowed.status == 0, "\(allowed.stderr)")

        let private_ = try harness.pacerJSON(PostView.self, "add", "Mail jo@example.com", "--at", "+3d")
        #expect(private_.deliveries.map(\.state) == [.held])
        #expect(private_.deliveries.first?.heldReason?.contains("e-mail address") == true)
        #expect(private_.deliveries.first?.heldReason?.contains("jo@example.com") == false, "the finding is redacted")
        #expect(private_.notes.contains { $0.contains("pacer release") })
    }

    @Test func pausingAnUnknownChannelIsRefused() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let result = try harness.pacer("pause", "nowhere")
        #expect(result.status == 65)
        #expect(result.stderr.contains("unknown channel \"nowhere\""))
    }

    @Test func planAndChannelsShowTheTimelineAndBudgets() throws {
        let harness = try DaemonHarness()
        try harness.start()
        _ = try harness.pacerJSON(PostView.self, "add", "one", "--at", "+1h")
        _ = try harness.pacerJSON(PostView.self, "add", "two", "--at", "+1h")
        let plan = try harness.pacerJSON([PlanEntryView].self, "plan")
        #expect(plan.map(\.excerpt) == ["one", "two"])
        #expect(plan[1].reasons.contains { $0.rule == "min_gap" })
        let human = try harness.pacer("plan")
        #expect(human.status == 0)
        #expect(human.stdout.contains("Mon"), "the heatmap has a row per weekday: \(human.stdout)")
        let channels = try harness.pacerJSON([ChannelView].self, "channels")
        #expect(channels.map(\.name) == ["outbox"])
        #expect(channels.first?.rules["min_gap"] == "2h")
        #expect(channels.first?.today.limit == 2)
        let why = try harness.pacer("why", String(plan[1].postID))
        #expect(why.stdout.contains("because min_gap 2h after delivery"))
    }

    @Test func aReloadAppliesAGoodConfigAndKeepsTheOldOneOnABadOne() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let good = """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            min_gap = "3h"
            """
        try good.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        try harness.reload()
        try harness.wait(seconds: 10, for: "min_gap 3h in force") {
            try harness.pacerJSON([ChannelView].self, "channels").first?.rules["min_gap"] == "3h"
        }
        try "[[channel]]\nname = \"outbox\"\nkind = \"outbox\"\nmin_gap = \"soon\"\n".write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        try harness.reload()
        try harness.wait(seconds: 10, for: "the refused reload in the status line") {
            try harness.pacerJSON(StatusView.self, "status").summary.contains("config error")
        }
        #expect(try harness.pacerJSON([ChannelView].self, "channels").first?.rules["min_gap"] == "3h", "the previous config stays")
        #expect(harness.log.contains("reload refused"))
        #expect(harness.isDaemonRunning)
    }

    @Test func configCheckNamesTheLineWithoutTheDaemon() throws {
        let harness = try DaemonHarness()
        let file = harness.root.appendingPathComponent("check.toml").path
        try "[[channel]]\nname = \"x\"\nkind = \"outbox\"\nmax_per_day = 0\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try harness.pacer("config", "check", file)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("\(file):4"))
        try "[[channel]]\nname = \"x\"\nkind = \"outbox\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let good = try harness.pacer("config", "check", file)
        #expect(good.status == 0)
        #expect(good.stdout.contains("valid"))
    }
}
