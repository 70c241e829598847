import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Testing
@testable import PacerDaemon

/// `add` requests carried out together: each is checked as if the ones before it were stored,
/// and all that pass are stored with one commit.
struct AddBatchTests {
    private static let now = ISOInstant.parse("2026-03-02T09:00:00Z")!

    /// An engine on a fresh store with one outbox channel, the clock stopped at `now`.
    private static func engine() throws -> InProcessEngine {
        try InProcessEngine(config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            """, now: now) { ["outbox": OutboxPublisher(directory: $0 + "/outbox")] }
    }

    @Test func aNearDuplicateOfAnEarlierRequestInTheBatchIsRefusedWithThatPostsID() throws {
        let harness = try Self.engine()
        defer { harness.remove() }
        let engine = harness.engine, store = harness.store
        let texts = ["Pacer 1.2 is out: slots and blackouts", "Pacer 1.2 is out — slots & blackouts!", "We are hiring in Berlin"]
        let results = engine.queue.sync { engine.add(texts.map { AddParameters(text: $0, at: "+1d") }) }
        let first = try results[0].get()
        #expect(try results[2].get().text == texts[2])
        #expect(throws: RequestError.self) { try results[1].get() }
        if case let .failure(error as RequestError) = results[1] {
            #expect(error.reply.message.contains("near-duplicate of post \(first.id) ("), "\(error)")
        }
        #expect(try store.openPosts().map(\.text) == [texts[0], texts[2]], "the refused one is not stored")
    }

    @Test func aDryRunInTheBatchStoresNothingAndTheOthersAreStoredInOrder() throws {
        let harness = try Self.engine()
        defer { harness.remove() }
        let engine = harness.engine, store = harness.store
        let requests = [
            AddParameters(text: "First of three, about gardens", at: "+1d"),
            AddParameters(text: "Only a rehearsal of the queue", at: "+1d", dryRun: true),
            AddParameters(text: "Third of three, about rivers", at: "+1d"),
        ]
        let results = engine.queue.sync { engine.add(requests) }
        #expect(try results[1].get().id == 0, "a dry run answers with id 0")
        let stored = try store.openPosts()
        #expect(stored.map(\.text) == ["First of three, about gardens", "Third of three, about rivers"])
        #expect(try stored.map(\.id) == [results[0].get().id, results[2].get().id])
    }
}
