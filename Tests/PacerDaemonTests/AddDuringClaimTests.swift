import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Testing
@testable import PacerDaemon

/// An add while a delivery is claimed and in its call: the claim counts as the store has it (in the
/// history, at its claim instant), so the plan after the add is the plan a re-plan gives, and the
/// delivery in flight is not planned again.
struct AddDuringClaimTests {
    private static let now = ISOInstant.parse("2026-03-02T09:00:00Z")!

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
