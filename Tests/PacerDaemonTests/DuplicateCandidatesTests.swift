import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Synchronization
import Testing
@testable import PacerDaemon

/// The posts every `add` compares with are those the store holds at that moment: a post
/// cancelled behind the engine's back no longer refuses a like text, nor does a publication that
/// has left `duplicate_window`.
///
/// Each test gets its own engine, on a clock it moves, removed when the test's instance goes.
final class DuplicateCandidatesTests {
    private static let start = ISOInstant.parse("2026-03-02T09:00:00Z")!

    /// A wall clock the test moves.
    private final class Clock: Sendable {
        private let instant = Mutex(DuplicateCandidatesTests.start)
        var now: Date { instant.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    private let clock = Clock()
    private let harness: InProcessEngine
    private var engine: Engine { harness.engine }
    private var store: Store { harness.store }

    init() throws {
        let clock = self.clock
        harness = try InProcessEngine(config: """
            [cadence]
            duplicate_window = "1h"

            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            """, now: Self.start, clock: { clock.now }) { ["outbox": OutboxPublisher(directory: $0 + "/outbox")] }
    }

    deinit {
        harness.remove()
    }

    private static func add(_ text: String, to engine: Engine) -> Result<PostView, any Error> {
        engine.queue.sync { engine.add([AddParameters(text: text, at: "+1d")]) }[0]
    }

    private static func refused(_ result: Result<PostView, any Error>) -> Bool {
        if case .failure(let error as RequestError) = result { return error.reply.message.contains("near-duplicate") }
        return false
    }

    @Test func aPostCancelledBehindTheEnginesBackNoLongerRefusesALikeText() throws {
        let first = try Self.add("Pacer 1.2 is out: slots and blackouts", to: engine).get()
        #expect(Self.refused(Self.add("Pacer 1.2 is out — slots & blackouts!", to: engine)))

        // Cancelled directly in the store, which the engine does not see.
        _ = try store.cancel(first.id, now: clock.now)
        let again = try Self.add("Pacer 1.2 is out — slots & blackouts!", to: engine).get()
        #expect(again.id > first.id)
        #expect(Self.refused(Self.add("Pacer 1.2 is out: slots and blackouts", to: engine)), "the new post refuses it in turn")
    }

    @Test func aPublicationThatLeavesTheWindowNoLongerRefusesALikeText() throws {
        let post = try Self.add("Our garden report for March, with photos", to: engine).get()
        // Published (through the store, as a publication would be) ten minutes later.
        clock.advance(600)
        let claim = try store.claim(post.deliveries[0].id, now: clock.now)
        _ = try store.finish(claim, result: .published(url: nil, externalID: nil, httpStatus: nil), now: clock.now)

        clock.advance(1_800)
        #expect(Self.refused(Self.add("Our garden report for March — with photos!", to: engine)), "published 30 min ago")

        clock.advance(1_800 + 1)  // 1 h and 1 s after the publication; nothing written since
        #expect(try Self.add("Our garden report for March — with photos!", to: engine).get().id > post.id)
    }
}
