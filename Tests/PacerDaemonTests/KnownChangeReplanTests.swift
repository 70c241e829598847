import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Testing
@testable import PacerDaemon

/// A re-plan after an add or a publication works on the engine's own copies of the queue and the
/// history (`KnownChange`); it must give the plan a re-plan from the store gives, reasons and all.
struct KnownChangeReplanTests {
    private static let now = ISOInstant.parse("2026-03-02T09:00:00Z")!

    @Test func theReplanAfterAnAddIsTheReplanFromTheStore() throws {
        let harness = try InProcessEngine(config: """
            [cadence]
            min_gap = "20min"
            max_per_day = 9

            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            slots = ["Mon..Fri 09..17:00/30"]
            max_per_day = 4

            [[channel]]
            name = "notes"
            kind = "outbox"
            min_gap = "3h"
            blackout = ["Sat,Sun"]
            """, now: Self.now) { directory in
            let outbox = OutboxPublisher(directory: directory + "/outbox")
            return ["outbox": outbox, "notes": outbox]
        }
        defer { harness.remove() }
        let engine = harness.engine
        let words = "gardens rivers queues timers journals slots gaps budgets mornings evenings coffee sockets".split(separator: " ")
        var planned = 0
        for batch in 0..<6 {
            let requests = (0..<(batch + 2)).map { index in
                let topic = words[(batch * 5 + index) % words.count], other = words[(batch + index * 7) % words.count]
                return AddParameters(
                    text: "Post \(batch)-\(index): a note about \(topic), then \(other), number \(batch * 31 + index * 17)",
                    channels: index % 3 == 0 ? ["outbox", "notes"] : index % 3 == 1 ? ["outbox"] : ["notes"],
                    at: index % 2 == 0 ? "+\(batch + index + 1)h" : "+\((batch + 1) * 10)min")
            }
            let (afterAdd, fromStore) = try engine.queue.sync {
                let results = engine.add(requests)
                for result in results { _ = try result.get() }
                let afterAdd = engine.plan
                try engine.replan()
                return (afterAdd, engine.plan)
            }
            #expect(afterAdd == fromStore, "batch \(batch)")
            #expect(afterAdd.entries.map(\.reasons) == fromStore.entries.map(\.reasons))
            planned = afterAdd.entries.count
        }
        #expect(planned == 2 + 3 + 4 + 5 + 6 + 7 + 11, "every post queued: one delivery each, two for every third")
    }

    /// A channel whose call waits until the test lets it go (without holding a thread): a claim
    /// stays in flight meanwhile.
    private struct HeldChannel: Publisher {
        private let gate: AsyncStream<Void>
        private let opener: AsyncStream<Void>.Continuation

        init() { (gate, opener) = AsyncStream<Void>.makeStream() }

        func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
            for await _ in gate { break }
            return .published(url: nil, externalID: nil)
        }

        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .notPublished }

        func release() { opener.finish() }
    }

    /// Waits (up to 20 s) until `condition`, read on the engine's queue, holds.
    private func wait(for engine: Engine, until condition: @escaping () -> Bool) {
        let deadline = Date().addingTimeInterval(20)
        while !engine.queue.sync(execute: condition), Date() < deadline { usleep(10_000) }
    }

    @Test func anAddWhileAClaimIsInFlightPlansWhatTheStoreSays() throws {
        let channel = HeldChannel()
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "held"
            kind = "outbox"
            default = true
            min_gap = "1h"
            max_per_day = 3
            """, now: Self.now) { _ in ["held": channel] }
        defer { harness.remove() }
        let engine = harness.engine, store = harness.store
        _ = try engine.queue.sync { try engine.add([AddParameters(text: "Due at once, about gardens")])[0].get() }
        wait(for: engine) { engine.inFlight != nil }
        #expect(engine.queue.sync { engine.inFlight != nil }, "the due post was claimed")
        let (afterAdd, fromStore) = try engine.queue.sync {
            for result in engine.add([AddParameters(text: "Queued behind it, about rivers"), AddParameters(text: "And a third, about timers")]) {
                _ = try result.get()
            }
            let afterAdd = engine.plan
            try engine.replan()
            return (afterAdd, engine.plan)
        }
        channel.release()
        #expect(afterAdd == fromStore)
        #expect(afterAdd.entries.count == 2, "the delivery in flight is not in the queue")
        #expect(afterAdd.entries.allSatisfy { $0.reasons.contains { $0.rule == "min_gap" } }, "its claim counts against min_gap: \(afterAdd.entries.map(\.reasons))")

        // Once published, the re-plan from the engine's copies is the store's too.
        wait(for: engine) { engine.inFlight == nil }
        let (afterPublication, fromStoreAgain) = try engine.queue.sync {
            let afterPublication = engine.plan
            try engine.replan()
            return (afterPublication, engine.plan)
        }
        #expect(try store.history(since: Self.now.addingTimeInterval(-60)).count == 1, "the first post went out")
        #expect(afterPublication == fromStoreAgain)
        #expect(afterPublication.entries.count == 2)
    }
}
