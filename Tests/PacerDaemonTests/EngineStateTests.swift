import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Synchronization
import Testing
@testable import PacerDaemon

/// The engine's state machine (``EngineState``), driven in process: a clock the test sets, a
/// timer the test fires, and a channel whose call ends when the test lets it.
struct EngineStateTests {
    private static let start = ISOInstant.parse("2026-03-02T09:00:00Z")!

    /// A channel whose calls wait until the test releases them, then answer `outcome`.
    private final class GatedChannel: Publisher {
        private let gate: AsyncStream<Void>
        private let opener: AsyncStream<Void>.Continuation
        let outcome: PublishOutcome
        let calls = Mutex(0)

        init(answering outcome: PublishOutcome = .published(url: nil, externalID: nil)) {
            self.outcome = outcome
            (gate, opener) = AsyncStream<Void>.makeStream()
        }

        func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
            calls.withLock { $0 += 1 }
            for await _ in gate { break }
            return outcome
        }

        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .notPublished }

        func release() { opener.finish() }
    }

    private struct Rig {
        let harness: InProcessEngine
        let timer: ManualTimer
        let clock: SetClock
        var engine: Engine { harness.engine }

        var state: EngineState { engine.queue.sync { engine.state } }

        /// Queues a post `at` (e.g. `+1h`); returns its delivery's planned instant.
        func add(_ text: String, at: String) throws -> Date {
            let post = try engine.queue.sync { try engine.add([AddParameters(text: text, at: at)])[0].get() }
            let delivery = try #require(post.deliveries.first?.id)
            return try #require(engine.queue.sync { engine.plan.instant(of: delivery) })
        }

        /// Waits (without holding a thread of the pool the call needs, up to 2 min: other suites may
        /// hold the pool a while) until `condition` holds.
        func wait(until condition: @escaping (EngineState) -> Bool) async throws {
            let deadline = Date().addingTimeInterval(120)
            while !condition(state), Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(condition(state), "state is \(state)")
        }
    }

    private func rig(_ channel: GatedChannel, config: String = "") throws -> Rig {
        let timer = ManualTimer(), clock = SetClock(Self.start)
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "gated"
            kind = "outbox"
            default = true
            \(config)
            """, now: Self.start, clock: clock.read, timer: timer) { _ in ["gated": channel] }
        return Rig(harness: harness, timer: timer, clock: clock)
    }

    @Test func aDueDeliveryIsClaimedCalledAndThenTheNextIsArmed() async throws {
        let channel = GatedChannel()
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        #expect(rig.timer.instant == nil, "idle: nothing planned, the timer is disarmed")
        let first = try rig.add("First, about gardens", at: "+1h")
        guard case .armed(first) = rig.state else { Issue.record("\(rig.state)"); return }
        #expect(rig.timer.instant == first.addingTimeInterval(-Engine.claimLead))
        let second = try rig.add("Second, about rivers", at: "+3h")

        rig.clock.set(first)
        rig.timer.fire()
        guard case let .calling(call) = rig.state else { Issue.record("\(rig.state)"); return }
        #expect(call.plannedAt == first)
        #expect(rig.timer.instant == nil, "disarmed while calling")

        channel.release()
        try await rig.wait { if case .armed(second) = $0 { true } else { false } }
        #expect(try rig.harness.store.history(since: Self.start).count == 1)
    }

    @Test func aClaimMadeAheadWaitsForItsInstant() async throws {
        let channel = GatedChannel()
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let due = try rig.add("Claimed ahead", at: "+1h")
        rig.clock.set(due.addingTimeInterval(-Engine.claimLead / 2))
        rig.timer.fire()
        guard case let .claimed(waiting) = rig.state else { Issue.record("\(rig.state)"); return }
        #expect(waiting.plannedAt == due && rig.timer.instant == due)
        #expect(channel.calls.withLock { $0 } == 0, "not called before its instant")
        rig.clock.set(due)
        rig.timer.fire()
        guard case .calling = rig.state else { Issue.record("\(rig.state)"); return }
        channel.release()
        try await rig.wait { if case .idle = $0 { true } else { false } }
    }

    @Test func aRetryArmsTheTimerForTheBackoff() async throws {
        let channel = GatedChannel(answering: .retry(reason: "HTTP 503", after: nil, status: 503, consumesAttempt: true))
        let rig = try rig(channel, config: #"retry = { attempts = 3, backoff = "10min" }"#)
        defer { rig.harness.remove() }
        let due = try rig.add("Tried again", at: "+1h")
        rig.clock.set(due)
        rig.timer.fire()
        channel.release()
        try await rig.wait { if case .armed = $0 { true } else { false } }
        guard case let .armed(again) = rig.state else { return }
        #expect(again >= due.addingTimeInterval(10 * 60), "not before the backoff: \(again)")
    }

    @Test func aStopDuringACallWaitsForItsOutcomeThenStops() async throws {
        let channel = GatedChannel()
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let due = try rig.add("In flight at the stop", at: "+1h")
        rig.clock.set(due)
        rig.timer.fire()
        let stopped = Mutex(false)
        rig.engine.stop { stopped.withLock { $0 = true } }
        try await rig.wait { if case .stopping = $0 { true } else { false } }
        #expect(!stopped.withLock { $0 }, "not before the call's outcome is recorded")
        #expect(rig.timer.isCancelled)
        channel.release()
        try await rig.wait { if case .stopped = $0 { true } else { false } }
        #expect(stopped.withLock { $0 })
        #expect(try Store(path: rig.harness.directory + "/pacer.sqlite").history(since: Self.start).count == 1, "its outcome was recorded")
    }

    @Test func aReloadDuringAClaimKeepsTheClaimAndItsPublisher() async throws {
        let channel = GatedChannel()
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let due = try rig.add("Claimed before the reload", at: "+1h")
        rig.clock.set(due.addingTimeInterval(-Engine.claimLead / 2))
        rig.timer.fire()
        let reduced = try ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: rig.harness.directory + "/outbox")
            .parse("""
                [[channel]]
                name = "other"
                kind = "outbox"
                default = true
                """, file: "config.toml")
        _ = rig.engine.reload(reduced, publishers: ["other": GatedChannel()])
        guard case .claimed = rig.state else { Issue.record("\(rig.state)"); return }
        #expect(rig.timer.instant == due)
        rig.clock.set(due)
        rig.timer.fire()
        channel.release()
        try await rig.wait { if case .idle = $0 { true } else { false } }
        #expect(channel.calls.withLock { $0 } == 1, "the claim's own publisher was called")
    }

    @Test func aTimerFiringFarFromItsInstantReplansInsteadOfClaiming() throws {
        let channel = GatedChannel()
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let due = try rig.add("Not yet", at: "+1h")
        // The clock was set back a day (or the machine resumed oddly): the timer fired, the plan
        // says an hour a day from now.
        rig.clock.set(Self.start.addingTimeInterval(-86_400))
        rig.timer.fire()
        guard case let .armed(instant) = rig.state else { Issue.record("\(rig.state)"); return }
        #expect(instant == due, "re-planned: still due at its instant")
        #expect(channel.calls.withLock { $0 } == 0)
        #expect(try rig.harness.store.history(since: Self.start.addingTimeInterval(-2 * 86_400)).isEmpty, "nothing claimed")
    }
}
