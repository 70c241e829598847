import Foundation
import PacerProtocol
import Testing

/// The walking skeleton end to end: the built binaries, a real socket, SQLite and the outbox.
@Suite(.timeLimit(.minutes(2)))
struct PublishingTests {
    @Test func aPostQueuedTwoSecondsAheadIsPublishedToTheOutbox() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let added = try harness.pacerJSON(PostView.self, "add", "Shipped the new release notes today", "--at", "+2s")
        #expect(added.deliveries.map(\.channel) == ["outbox"])
        #expect(added.deliveries.map(\.state) == [.queued])
        let planned = try #require(added.deliveries.first?.plannedAt)
        #expect(planned > added.createdAt)

        var shown = added
        try harness.wait(seconds: 15, for: "post \(added.id) published") {
            shown = try harness.pacerJSON(PostView.self, "show", String(added.id))
            return shown.deliveries.first?.state == .published
        }
        let delivery = try #require(shown.deliveries.first)
        let publishedAt = try #require(delivery.publishedAt)
        #expect(publishedAt >= planned.addingTimeInterval(-1), "never published before its planned instant")
        let file = harness.outbox.appendingPathComponent("delivery-\(delivery.id).txt")
        let content = try String(contentsOf: file, encoding: .utf8)
        #expect(content.contains("Post-Id: \(added.id)"))
        #expect(content.hasSuffix("\n\nShipped the new release notes today\n"))
        #expect(delivery.url == "file://" + file.path)

        let status = try harness.pacerJSON(StatusView.self, "status")
        #expect(status.queued == 0)
        #expect(status.next == nil)
        #expect(status.summary == "0 queued · next none · today 1/2")
        #expect(harness.stop() == 0, "SIGTERM exits 0")
        #expect(harness.log.contains("pacerd stopped"))
    }

    /// The claim is committed up to 10 ms before the planned instant, so that its commit does not
    /// make the post late; the channel is never called before the instant.
    @Test func theOutboxIsWrittenAtThePlannedInstantNeverBefore() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            """)
        let posts = try (1...3).map { try harness.pacerJSON(PostView.self, "add", "Instant \($0): the timer keeps its word", "--at", "+\($0)s", "--allow-duplicate") }
        try harness.wait(seconds: 20, for: "three posts published") {
            try posts.allSatisfy { try harness.pacerJSON(PostView.self, "show", String($0.id)).deliveries.first?.state == .published }
        }
        let database = harness.root.appendingPathComponent("state/pacer/pacer.sqlite").path
        let rows = try harness.run("/usr/bin/sqlite3", [database, "SELECT planned_at, claimed_at, published_at FROM delivery ORDER BY id"])
        #expect(rows.status == 0, "\(rows.stderr)")
        let instants = rows.stdout.split(separator: "\n").map { $0.split(separator: "|").compactMap { Int64($0) } }
        #expect(instants.count == 3)
        for row in instants {
            let (planned, claimed, published) = (row[0], row[1], row[2])
            #expect(claimed <= published)
            #expect(published >= planned, "published \(published - planned) µs after its instant: never before it")
            #expect(published - planned < 5_000_000, "published within seconds of its instant")
        }
        #expect(harness.stop() == 0)
    }

    @Test func theSecondPostWaitsForMinGapAndSaysWhy() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let first = try harness.pacerJSON(PostView.self, "add", "first")
        let second = try harness.pacerJSON(PostView.self, "add", "second")
        // The gap runs from the first delivery's planned instant while it waits, from its claim or
        // publication (a few ms later) once it went out; the reply shows instants in whole seconds,
        // so those few ms can carry the second's printed instant into the next second.
        let firstPlanned = try #require(first.deliveries.first?.plannedAt)
        let secondPlanned = try #require(second.deliveries.first?.plannedAt)
        let firstLatest = try harness.pacerJSON(PostView.self, "show", String(first.id)).deliveries.first?.publishedAt ?? Date()
        #expect((7200...7201).contains(secondPlanned.timeIntervalSince(firstPlanned)), "the default outbox channel has min_gap 2h")
        #expect(secondPlanned <= firstLatest.addingTimeInterval(7200), "2h after the first went out, not later")
        #expect(second.deliveries.first?.reasons.first?.rule == "min_gap")
        let list = try harness.pacerJSON([PostView].self, "list")
        #expect(list.map(\.id).contains(second.id))
        let human = try harness.pacer("add", "third")
        #expect(human.status == 0)
        #expect(human.stdout.contains("later than asked: min_gap 2h after delivery"))
    }

    @Test func aSecondDaemonOnTheSameTreeRefusesToStart() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let second = try harness.runDaemonToExit()
        #expect(second.status == 75)
        #expect(second.stderr.contains("another pacerd"))
        #expect(harness.isDaemonRunning)
    }

    @Test func theTextCanComeFromStandardInputOrAFile() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let fromStdin = try harness.run(DaemonHarness.binDirectory.appendingPathComponent("pacer").path, ["add", "-", "--json"], stdin: "from a pipe\n")
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout.contains(#""text" : "from a pipe""#))
        let file = harness.root.appendingPathComponent("post.txt")
        try "from a file".write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try harness.pacer("add", "--file", file.path, "--json")
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout.contains(#""text" : "from a file""#))
    }

    @Test func cancellingAQueuedPostRemovesItFromTheQueue() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "cancel me", "--at", "+1d")
        let cancelled = try harness.pacerJSON(PostView.self, "rm", String(post.id))
        #expect(cancelled.deliveries.map(\.state) == [.cancelled])
        #expect(try harness.pacerJSON([PostView].self, "list").isEmpty)
    }

    @Test func anInterruptedOutboxDeliveryIsReconciledAtRestart() throws {
        // A claim committed, then the daemon killed before the outcome was recorded: simulated by
        // writing the claim with sqlite3 while pacerd is stopped.
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "interrupted", "--at", "+1d")
        #expect(harness.stop() == 0)
        let database = harness.root.appendingPathComponent("state/pacer/pacer.sqlite").path
        let claimed = try harness.run("/usr/bin/sqlite3", [database, "UPDATE delivery SET state = 'claimed', claimed_at = 0 WHERE post_id = \(post.id)"])
        #expect(claimed.status == 0)
        try harness.start()
        // The outbox can prove the file was never written, so the delivery is queued again.
        try harness.wait(seconds: 10, for: "the interrupted delivery to be queued again") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.map(\.state) == [.queued]
        }
        #expect(harness.log.contains("shows it was not published"))
    }
}
