import Foundation
import GRDB

/// pacerd's SQLite store, written and read by the benchmarks directly.
enum StoreFile {
    /// Writes `count` queued posts into a stopped pacerd's store, in one transaction: one post and
    /// one `queued` outbox delivery each, as `pacer add` stores them.
    ///
    /// - Parameter notBefore: each post's "not before" instant, in microseconds since 1970, or nil.
    static func seedQueue(_ count: Int, into path: String, notBefore: (Int) -> Int64?) throws {
        let now = Int64(Date().timeIntervalSince1970 * 1e6)
        var texts = Texts(seed: UInt64(count))
        let database = try DatabaseQueue(path: path)
        try database.write { db in
            let post = try db.makeStatement(sql: "INSERT INTO post (text, created_at) VALUES (?, ?)")
            let delivery = try db.makeStatement(sql: """
                INSERT INTO delivery (post_id, channel, state, not_before, created_at, updated_at)
                VALUES (?, 'outbox', 'queued', ?, ?, ?)
                """)
            for index in 0..<count {
                try post.execute(arguments: [texts.next(), now])
                try delivery.execute(arguments: [db.lastInsertedRowID, notBefore(index), now, now])
            }
        }
        try database.close()
    }

    /// The number of rows `sql` counts.
    static func count(_ sql: String, in path: String) throws -> Int {
        let database = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? database.close() }
        return try database.read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}
