import Foundation
import Testing
import GRDB
import GRDBSQLite
import PacerCore
@testable import PacerStore

/// The store against a real SQLite file in a temporary directory.
struct StoreTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    var path: String { database.path }

    @Test func migrationsRunFromTheFirstVersionAndAgainWithoutChange() throws {
        let first = try Store(path: path)
        let all = ["v1 posts, deliveries, attempts", "v2 per-channel texts, queue rank", "v3 installation id", "v4 images and threads"]
        #expect(try first.appliedMigrations() == all)
        let reopened = try Store(path: path)
        #expect(try reopened.appliedMigrations() == all)
    }

    @Test func theDatabaseUsesWALAndFullSync() throws {
        _ = try Store(path: path)
        #expect(try sqlite("PRAGMA journal_mode") == "wal")
    }

    @Test func addStoresOneQueuedDeliveryPerChannel() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", tags: ["a"], channels: ["outbox", "other"]), now: now)
        #expect(post.deliveries.map(\.channel) == ["outbox", "other"])
        #expect(post.deliveries.allSatisfy { $0.state == .queued })
        #expect(try store.post(post.id) == post)
        #expect(try store.pendingDeliveries().count == 2)
    }

    /// A read between two writes leaves the writes' prepared statements as they were: the second
    /// `add` runs its insert without compiling it again (GRDB's read guard would expire it).
    @Test func aReadDoesNotMakeTheStoresStatementsCompileAgain() throws {
        let store = try Store(path: path)
        _ = try store.add(NewPost(text: "one", channels: ["outbox"]), now: now)
        _ = try store.count(of: .queued)
        _ = try store.pendingDeliveries()
        _ = try store.add(NewPost(text: "two", channels: ["outbox"]), now: now)
        let (runs, recompiled) = try store.database.writeWithoutTransaction { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO post (text, title, tags, allow_duplicate, created_at) VALUES (?, ?, ?, ?, ?)")
            return (sqlite3_stmt_status(insert.sqliteStatement, Int32(SQLITE_STMTSTATUS_RUN), 0),
                    sqlite3_stmt_status(insert.sqliteStatement, Int32(SQLITE_STMTSTATUS_REPREPARE), 0))
        }
        #expect(runs == 2, "the statement add runs")
        #expect(recompiled == 0)
    }

    @Test func theCountOfOneStateIsTheOneEveryStateCountGives() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "three channels", channels: ["outbox", "a", "b"]), now: now)
        _ = try store.add(NewPost(text: "a draft", channels: ["outbox"], draft: true), now: now)
        _ = try store.holdDelivery(post.deliveries[2].id, reason: "held with pacer hold", now: now)
        let counts = try store.countsByState()
        for state in [DeliveryState.queued, .draft, .held, .unknown, .published] {
            #expect(try store.count(of: state) == counts[state] ?? 0, "\(state)")
        }
        #expect(try store.count(of: .queued) == 2)
    }

    /// `add` builds the posts it returns from what it wrote: they must be what a read gives,
    /// down to instants rounded to the microsecond, held reasons, drafts and per-channel texts.
    @Test func addReturnsEachPostAsItReadsBack() throws {
        let store = try Store(path: path)
        let instant = now.addingTimeInterval(3_600.000_000_7)  // below the stored microsecond
        let posts = [
            NewPost(text: "Grüße 👋🏽", title: "Titel", tags: ["ä", "b \"c\""], channels: ["outbox", "mastodon", "x"],
                    notBefore: instant, held: ["x": "an e-mail address"], overrides: ["mastodon": "kürzer"]),
            NewPost(text: "a draft", channels: ["outbox"], held: ["outbox": "ignored for a draft"], draft: true),
            NewPost(text: "allowed twice", channels: ["outbox"], allowDuplicate: true),
        ]
        let added = try store.add(posts, now: now.addingTimeInterval(0.000_000_4))
        #expect(added.count == 3)
        for post in added { #expect(try store.post(post.id) == post) }
        #expect(added[0].deliveries.map(\.state) == [.queued, .queued, .held])
        #expect(added[1].deliveries.map(\.state) == [.draft])
        #expect(try Store.tagsColumn([]) == String(decoding: try JSONEncoder().encode([String]()), as: UTF8.self))
    }

    @Test func aClaimIsDurableBeforeTheChannelIsCalled() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        let claim = try store.claim(post.deliveries[0].id, now: now)
        #expect(claim.attemptNumber == 1)
        // Another connection (as after a crash) sees the claim committed.
        #expect(try sqlite("SELECT state FROM delivery WHERE id = \(claim.delivery.id)") == "claimed")
        #expect(try sqlite("SELECT count(*) FROM attempt WHERE delivery_id = \(claim.delivery.id) AND finished_at IS NULL") == "1")
    }

    @Test func aDeliveryCannotBeClaimedTwice() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        _ = try store.claim(post.deliveries[0].id, now: now)
        #expect(throws: StoreError.self) { try store.claim(post.deliveries[0].id, now: now) }
    }

    @Test func publishingRecordsTheLedger() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        let claim = try store.claim(post.deliveries[0].id, now: now)
        let done = try store.finish(claim, result: .published(url: "file:///x", externalID: nil, httpStatus: nil), now: now.addingTimeInterval(1))
        #expect(done.state == .published)
        #expect(done.url == "file:///x")
        #expect(try sqlite("SELECT outcome FROM attempt WHERE id = \(claim.attemptID)") == "published")
        #expect(try store.history(since: now.addingTimeInterval(-60)).map(\.id) == [done.id])
    }

    @Test func interruptedClaimsBecomeUnknownAtStartUp() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        _ = try store.claim(post.deliveries[0].id, now: now)
        let reopened = try Store(path: path)
        let changed = try reopened.markInterruptedClaimsUnknown(now: now)
        #expect(changed.map(\.state) == [.unknown])
        #expect(try reopened.pendingDeliveries().isEmpty, "an unknown delivery is never re-sent on its own")
        // Still counts against the budget: it may have gone out.
        #expect(try reopened.history(since: now.addingTimeInterval(-60)).count == 1)
        #expect(try sqlite("SELECT outcome FROM attempt") == "unknown")
    }

    @Test func cancellingAPublishedPostIsRefusedAndChangesNothing() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        let claim = try store.claim(post.deliveries[0].id, now: now)
        _ = try store.finish(claim, result: .published(url: nil, externalID: nil, httpStatus: nil), now: now)
        let before = try store.post(post.id)
        #expect(throws: StoreError.self) { try store.cancel(post.id, now: now) }
        #expect(try store.post(post.id) == before)
    }

    @Test func cancellingAQueuedPostCancelsItsDeliveries() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        #expect(try store.cancel(post.id, now: now).deliveries.map(\.state) == [.cancelled])
        #expect(try store.pendingDeliveries().isEmpty)
        #expect(try store.openPosts().isEmpty)
    }

    @Test func cancellingAMissingPostSaysNotFound() throws {
        let store = try Store(path: path)
        #expect(throws: StoreError.self) { try store.cancel(42, now: now) }
    }

    @Test func aForeignSQLiteFileIsRefusedAndLeftAsItWas() throws {
        _ = try sqlite("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try Store(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func plannedInstantsAreRecordedForQueuedDeliveries() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        try store.recordPlannedInstants([(post.deliveries[0].id, now.addingTimeInterval(60))])
        #expect(try store.post(post.id)?.deliveries[0].plannedAt == now.addingTimeInterval(60))
        // Written without waiting for the disk, and every later commit waits again (2 = FULL).
        #expect(try synchronousIsFull(store))
    }

    @Test func anOutcomeIsRecordedAndEveryLaterCommitWaitsForTheDiskAgain() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        let claim = try store.claim(post.deliveries[0].id, now: now)
        let published = try store.finish(claim, result: .published(url: "file:///tmp/x", externalID: nil, httpStatus: nil), now: now.addingTimeInterval(1))
        #expect(published.state == .published)
        #expect(try store.post(post.id)?.deliveries[0].publishedAt == now.addingTimeInterval(1))
        #expect(try synchronousIsFull(store))
        // A refused outcome (the delivery is no longer claimed) changes nothing and still restores FULL.
        #expect(throws: StoreError.self) { try store.finish(claim, result: .failed(reason: "late", httpStatus: nil), now: now) }
        #expect(try store.post(post.id)?.deliveries[0].state == .published)
        #expect(try synchronousIsFull(store))
    }

    @Test func theConnectionsPageCacheStaysWithinItsBoundAfterReadingEveryPost() throws {
        let store = try Store(path: path)
        let body = String(repeating: "cadence ", count: 128)  // 1 KiB a post: 2 MiB in all
        for index in 0..<2_000 { _ = try store.add(NewPost(text: "\(index) \(body)", channels: ["outbox"]), now: now) }
        let texts = try store.database.read { try String.fetchAll($0, sql: "SELECT text FROM post") }
        #expect(texts.count == 2_000)
        let cacheBytes = try store.database.read { db in
            var used: Int32 = 0
            var highwater: Int32 = 0
            #expect(sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, 0) == SQLITE_OK)
            return Int(used)
        }
        #expect(cacheBytes > 256 * 1024)  // it did cache what it read…
        #expect(cacheBytes <= (Store.cacheKiB + 64) * 1024)  // …up to its bound (and a page's headers)
    }

    /// Whether the store's connection waits for the disk at every commit (`synchronous` 2 = FULL).
    private func synchronousIsFull(_ store: Store) throws -> Bool {
        try store.database.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2
    }

    /// Runs SQL with the sqlite3 command-line tool: a second, independent connection.
    private func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let pipe = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = pipe  // never the test runner's own stderr, which a stray child could hold open
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
