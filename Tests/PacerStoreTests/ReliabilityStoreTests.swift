import Foundation
import Testing
import PacerCore
@testable import PacerStore

/// What the reliability soak (`Tests/Reliability/soak.py`) found in the store, pinned in process.
struct ReliabilityStoreTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    var path: String { database.path }

    /// A crash while the channel is being asked what happened must not leave the delivery
    /// `unknown` for good: the next start asks again.
    @Test func aCrashDuringRecoveryLeavesTheDeliveryToBeAskedAgain() throws {
        let store = try Store(path: path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        _ = try store.claim(post.deliveries[0].id, now: now)
        let first = try Store(path: path).markInterruptedClaimsUnknown(now: now)
        #expect(first.map(\.id) == [post.deliveries[0].id])
        // Killed before the answer was recorded: the next start gets it again.
        let second = try Store(path: path).markInterruptedClaimsUnknown(now: now)
        #expect(second.map(\.id) == [post.deliveries[0].id])
        #expect(second.map(\.state) == [.unknown])
        // Once answered, it is not asked again.
        _ = try Store(path: path).resolveUnknown(post.deliveries[0].id, published: true, url: "file:///x", now: now)
        #expect(try Store(path: path).markInterruptedClaimsUnknown(now: now).isEmpty)
    }

    @Test func theDatabaseIsCreatedPrivate() throws {
        let saved = umask(0o022)
        defer { umask(saved) }
        _ = try Store(path: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o077 == 0, "mode \(String(info.st_mode & 0o777, radix: 8))")
    }

    @Test func aDamagedFileIsRefusedAndLeftAsItWas() throws {
        let store = try Store(path: path)
        for index in 0..<40 {
            _ = try store.add(NewPost(text: "post \(index) " + String(repeating: "word ", count: 40), channels: ["outbox"]), now: now)
        }
        try store.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let page = 4096
        for offset in (bytes.count - 2 * page + 8)..<(bytes.count - page - 8) { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 7919) }
        try bytes.write(to: URL(fileURLWithPath: path))
        // The damage is in a data page: the store opens (its check runs beside the first reads),
        // the check reports it naming the file, and no write gets through.
        let damaged = try Store(path: path)
        let error = #expect(throws: StoreError.self) { try damaged.awaitIntegrity() }
        #expect(error?.kind == .invalidDatabase)
        #expect(error?.description.contains("\(path) is damaged") == true)
        #expect(throws: StoreError.self) { _ = try damaged.add(NewPost(text: "one more", channels: ["outbox"]), now: now) }
        try damaged.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "left as it was")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "no write-ahead log left beside it")
    }

    @Test func aSoundFileIsWrittenOnceItsCheckHasPassed() throws {
        let store = try Store(path: path)
        _ = try store.add(NewPost(text: "first", channels: ["outbox"]), now: now)
        try store.close()
        let reopened = try Store(path: path)
        try reopened.awaitIntegrity()
        #expect(try reopened.add(NewPost(text: "second", channels: ["outbox"]), now: now).id > 0)
    }
}
