import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Synchronization
import Testing
@testable import PacerDaemon

/// The posts every `add` compares with are read from the store once and kept while they hold:
/// a batch adds its own posts to them, and any other change to the store, or a publication
/// leaving `duplicate_window`, makes the next batch read them again.
///
/// Each test gets its own engine, on a clock it moves, removed when the test's instance goes.
final class RecentPostsTests {
    private static let start = ISOInstant.parse("2026-03-02T09:00:00Z")!

    /// A wall clock the test moves.
    private final class Clock: Sendable {
        private let instant = Mutex(RecentPostsTests.start)
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

    @Test func aBatchKeepsItsPostsAndAChangeMadeBehindTheEnginesBackIsReadAgain() throws {
        let first = try Self.add("Pacer 1.2 is out: slots and blackouts", to: engine).get()
        let kept = engine.queue.sync { engine.recentPosts }
        #expect(kept?.ids == [first.id])
        #expect(kept?.revision == store.revision, "the batch's own commit is accounted for")

        #expect(Self.refused(Self.add("Pacer 1.2 is out — slots & blackouts!", to: engine)))
        #expect(engine.queue.sync { engine.recentPosts } == kept, "nothing changed: the posts were not read again")

        // Cancelled directly in the store, which the engine does not see: the revision moves.
        _ = try store.cancel(first.id, now: clock.now)
        let again = try Self.add("Pacer 1.2 is out — slots & blackouts!", to: engine).get()
        #expect(engine.queue.sync { engine.recentPosts }?.ids == [again.id], "read again: the cancelled post is gone")
    }

    @Test func aPublicationThatLeavesTheWindowNoLongerRefusesALikeText() throws {
        let post = try Self.add("Our garden report for March, with photos", to: engine).get()
        // Published (through the store, as a publication would be) ten minutes later.
        clock.advance(600)
        let claim = try store.claim(post.deliveries[0].id, now: clock.now)
        _ = try store.finish(claim, result: .published(url: nil, externalID: nil, httpStatus: nil), now: clock.now)

        clock.advance(1_800)
        #expect(Self.refused(Self.add("Our garden report for March — with photos!", to: engine)), "published 30 min ago")
        let kept = engine.queue.sync { engine.recentPosts }
        #expect(kept?.ids == [post.id])

        clock.advance(1_800 + 1)  // 1 h and 1 s after the publication; nothing written since
        #expect(kept?.stillHold(revision: store.revision, since: clock.now.addingTimeInterval(-3_600)) == false)
        #expect(try Self.add("Our garden report for March — with photos!", to: engine).get().id > post.id)
    }
}
