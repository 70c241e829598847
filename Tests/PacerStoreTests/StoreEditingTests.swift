import Foundation
import GRDB
import PacerCore
import Testing
@testable import PacerStore

/// Edits, moves and drafts against a real SQLite file.
struct StoreEditingTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    var path: String { database.path }

    @Test func aVersionOneDatabaseIsUpgradedWithItsPostsKept() throws {
        // A store as the first release wrote it: only the v1 migration applied.
        var migrator = Schema.migrator
        let queue = try DatabaseQueue(path: path)
        try migrator.migrate(queue, upTo: "v1 posts, deliveries, attempts")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO post (text, created_at) VALUES ('from v1', 0)")
            try db.execute(sql: "INSERT INTO delivery (post_id, channel, state, created_at, updated_at) VALUES (1, 'outbox', 'queued', 0, 0)")
        }
        try queue.close()
        migrator = Schema.migrator
        let store = try Store(path: path)
        let post = try #require(try store.post(1))
        #expect(post.text == "from v1" && post.deliveries.first?.textOverride == nil)
        #expect(try store.pendingDeliveries().first?.rank == 1, "an old delivery ranks by its id")
    }

    @Test func anEditReplacesContentAndChannelsInOneTransaction() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "first", tags: ["a"], channels: ["outbox", "x"], held: ["x": "privacy"]), now: now)
        let edited = try store.edit(
            post.id, to: NewPost(text: "second", title: "T", tags: ["b"], channels: ["x", "mastodon"], overrides: ["x": "short"]), now: now)
        #expect(edited.text == "second" && edited.title == "T" && edited.tags == ["b"])
        let states = Dictionary(uniqueKeysWithValues: edited.deliveries.map { ($0.channel, $0.state) })
        #expect(states == ["outbox": .cancelled, "x": .held, "mastodon": .queued], "held stays held; a dropped channel is cancelled")
        #expect(edited.deliveries.first { $0.channel == "x" }?.text(of: edited) == "short")
        #expect(edited.deliveries.first { $0.channel == "mastodon" }?.text(of: edited) == "second")
    }

    @Test func draftsAreNeverPendingUntilAnEditQueuesThem() throws {
        let store = try Store(path: path)
        let draft = try store.add(NewPost(text: "idea", channels: ["outbox"], draft: true), now: now)
        #expect(draft.deliveries.map(\.state) == [.draft])
        #expect(try store.pendingDeliveries().isEmpty)
        #expect(try store.drafts().map(\.id) == [draft.id])
        let queued = try store.edit(draft.id, to: NewPost(text: "idea", channels: ["outbox"]), now: now)
        #expect(queued.deliveries.map(\.state) == [.queued])
        #expect(try store.drafts().isEmpty)
        let back = try store.edit(draft.id, to: NewPost(text: "idea", channels: ["outbox"], draft: true), now: now)
        #expect(back.deliveries.map(\.state) == [.draft])
        let held = try store.edit(draft.id, to: NewPost(text: "mail me@example.com", channels: ["outbox"], held: ["outbox": "privacy: e-mail"]), now: now)
        #expect(held.deliveries.map(\.state) == [.held] && held.deliveries[0].heldReason == "privacy: e-mail", "a new privacy finding holds it")
    }

    @Test func whatWentOutIsNeverRewritten() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "out", channels: ["outbox", "x"]), now: now)
        _ = try store.claim(post.deliveries[0].id, now: now)
        #expect(throws: StoreError.self) { try store.edit(post.id, to: NewPost(text: "changed", channels: ["outbox", "x"]), now: now) }
        #expect(try store.post(post.id)?.text == "out", "nothing changed")
    }

    @Test func aCancelledPostIsNotRevivedByAnEdit() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "gone", channels: ["outbox"]), now: now)
        _ = try store.cancel(post.id, now: now)
        #expect(throws: StoreError.self) { try store.edit(post.id, to: NewPost(text: "back", channels: ["outbox"]), now: now) }
        #expect(try store.post(post.id)?.deliveries.map(\.state) == [.cancelled])
    }

    @Test func moveFirstAndLastChangeTheRankAndClearNotBefore() throws {
        let store = try Store(path: path)
        let ids = try (1...3).map { try store.add(NewPost(text: "p\($0)", channels: ["outbox"], notBefore: now), now: now).id }
        func ranks() throws -> [PostID: Int64] {
            Dictionary(uniqueKeysWithValues: try store.pendingDeliveries().map { ($0.postID, $0.rank) })
        }
        let moved = try store.move(ids[2], to: .first, now: now)
        #expect(moved.deliveries[0].notBefore == nil)
        var current = try ranks()
        #expect(current[ids[2]]! < current[ids[0]]! && current[ids[0]]! < current[ids[1]]!)
        _ = try store.move(ids[0], to: .last, now: now)
        current = try ranks()
        #expect(current[ids[0]]! > current[ids[1]]!)
        let later = now.addingTimeInterval(86_400)
        _ = try store.move(ids[1], to: .notBefore(later), now: now)
        #expect(try store.pendingDeliveries().first { $0.postID == ids[1] }?.notBefore == later)
        _ = try store.cancel(ids[1], now: now)
        #expect(throws: StoreError.self) { try store.move(ids[1], to: .first, now: now) }
    }
}
