import Foundation
import Testing
import PacerCore
@testable import PacerStore

/// ``Store/recentPosts(publishedSince:includingWaiting:)``: the posts a new text must not nearly
/// repeat, as the store holds them.
struct RecentPostsQueryTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    /// Publications at 10:00 and 11:00, a waiting post and a cancelled one.
    @Test func thePostsPublishedSinceTheWindowsStartAndTheWaitingOnes() throws {
        let store = try Store(path: database.path)
        for (text, hour) in [("at ten", 10.0), ("at eleven", 11.0)] {
            let post = try store.add(NewPost(text: text, channels: ["outbox"]), now: now)
            let published = now.addingTimeInterval(hour * 3_600 - 9 * 3_600)
            _ = try store.finish(try store.claim(post.deliveries[0].id, now: published), result: .published(url: nil, externalID: nil, httpStatus: nil), now: published)
        }
        let waiting = try store.add(NewPost(text: "waiting", channels: ["outbox"]), now: now)
        let cancelled = try store.add(NewPost(text: "cancelled", channels: ["outbox"]), now: now)
        _ = try store.cancel(cancelled.id, now: now)

        #expect(try store.recentPosts(publishedSince: now, includingWaiting: true) == [1, 2, waiting.id])
        #expect(try store.recentPosts(publishedSince: now, includingWaiting: false) == [1, 2])
        #expect(try store.recentPosts(publishedSince: now.addingTimeInterval(3_600), includingWaiting: false) == [1, 2], "10:00 is in a window from 10:00")
        #expect(try store.recentPosts(publishedSince: now.addingTimeInterval(3_600.000_001), includingWaiting: false) == [2], "10:00 has left it")
    }
}
