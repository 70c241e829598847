import Foundation
import Testing
import PacerCore
@testable import PacerStore

/// ``Store/revision`` moves with every commit that changes a post or a delivery but a planned
/// instant, and ``RecentPosts`` says when a read of the recent posts still holds.
struct StoreRevisionTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    private func store() throws -> Store { try Store(path: database.path) }

    @Test func everyChangeToAPostOrADeliveryMovesTheRevisionAndAPlannedInstantDoesNot() throws {
        let store = try store()
        var revision = store.revision
        func moved() -> Bool {
            defer { revision = store.revision }
            return store.revision != revision
        }
        let post = try store.add(NewPost(text: "first", channels: ["outbox", "other"]), now: now)
        #expect(moved(), "add")
        try store.recordPlannedInstants(post.deliveries.map { ($0.id, now.addingTimeInterval(3_600)) })
        #expect(!moved(), "planned instants")
        _ = try store.pendingDeliveries()
        _ = try store.recentPosts(publishedSince: now, includingWaiting: true)
        #expect(!moved(), "reads")
        #expect(throws: StoreError.self) { _ = try store.cancel(9_999, now: now) }
        #expect(!moved(), "a write that fails is rolled back")
        let edited = try store.edit(post.id, to: NewPost(text: "first, edited", channels: ["outbox", "other"]), now: now)
        #expect(moved(), "edit")
        _ = try store.holdDelivery(edited.deliveries[1].id, reason: "held with pacer hold", now: now)
        #expect(moved(), "hold")
        let claim = try store.claim(edited.deliveries[0].id, now: now)
        #expect(moved(), "claim")
        _ = try store.finish(claim, result: .published(url: nil, externalID: nil, httpStatus: nil), now: now)
        #expect(moved(), "finish")
        _ = try store.cancel(post.id, now: now)
        #expect(moved(), "cancel")
        _ = try store.pause("outbox", now: now)
        #expect(!moved(), "a pause changes neither posts nor deliveries")
    }

    /// Publications at 10:00 and 11:00, read with the window starting at 09:00: the read holds
    /// while the window's start stays between 09:00 and 10:00 and nothing is written.
    @Test func aReadOfTheRecentPostsHoldsUntilAPublicationLeavesTheWindowOrTheStoreChanges() throws {
        let store = try store()
        for (text, hour) in [("at ten", 10.0), ("at eleven", 11.0)] {
            let post = try store.add(NewPost(text: text, channels: ["outbox"]), now: now)
            let published = now.addingTimeInterval(hour * 3_600 - 9 * 3_600)
            _ = try store.finish(try store.claim(post.deliveries[0].id, now: published), result: .published(url: nil, externalID: nil, httpStatus: nil), now: published)
        }
        let waiting = try store.add(NewPost(text: "waiting", channels: ["outbox"]), now: now)
        let recent = try store.recentPosts(publishedSince: now, includingWaiting: true)
        #expect(recent.ids == [1, 2, waiting.id])
        #expect(recent.earliestPublication == now.addingTimeInterval(3_600).storedMicroseconds)
        #expect(try store.recentPosts(publishedSince: now, includingWaiting: false).ids == [1, 2])

        let revision = store.revision
        #expect(recent.stillHold(revision: revision, since: now))
        #expect(recent.stillHold(revision: revision, since: now.addingTimeInterval(3_600)), "10:00 is still in a window from 10:00")
        #expect(!recent.stillHold(revision: revision, since: now.addingTimeInterval(3_600.000_001)), "10:00 has left it")
        #expect(!recent.stillHold(revision: revision, since: now.addingTimeInterval(-1)), "an earlier start may take in older publications")
        _ = try store.cancel(waiting.id, now: now)
        #expect(!recent.stillHold(revision: store.revision, since: now))

        let nonePublished = RecentPosts(ids: [], revision: 0, since: now.storedMicroseconds, earliestPublication: nil)
        #expect(nonePublished.stillHold(revision: 0, since: now.addingTimeInterval(86_400 * 365)))
    }
}
