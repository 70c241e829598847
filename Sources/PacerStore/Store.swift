import Foundation
import GRDB
import PacerCore
import PacerPOSIX

/// The durable state of Pacer: posts, deliveries and the attempts ledger, in one SQLite file.
///
/// Every method is one transaction, committed (WAL, `synchronous=FULL`) before it returns:
/// when `claim` returns, the claim survives a crash or a power cut. The exceptions,
/// `recordPlannedInstants` (derived data) and `finish` (a channel call's outcome, which a lost
/// record turns back into an interrupted claim), survive a crash but do not wait for the disk.
public final class Store: Sendable {
    let database: DatabaseQueue
    /// The file behind the store.
    public let path: String
    /// This store's random id, made when the store was created (`pacer-<id>-delivery-<n>` keys).
    public let installationID: String
    /// SQLite's `quick_check` of the file, started when the store opens; every write waits for it.
    private let integrity: IntegrityCheck

    /// Opens (or creates) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // SQLite copies the write-ahead log into the database at the commit that makes it 1,000
            // pages long: tens of milliseconds inside that commit, which may be a claim. pacerd
            // checkpoints when idle (`checkpoint()`); this bound only stops an endless busy stretch
            // from growing the log past 32 MiB.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.autocheckpointPages)")
            // Start-up reads every waiting delivery and post once; afterwards pacerd touches the
            // tail of the tables and a few index pages. SQLite's default cache (2 MiB) kept the
            // start-up's pages for good (BENCHMARKS.md, row 7).
            try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)")
        }
        // Created private (0600) whatever the umask: the queue holds unpublished posts. SQLite gives
        // the -wal and -shm files the database file's mode.
        // A failure here is reported by SQLite's own open just below, in its words.
        try? Files.createIfMissing(path, mode: 0o600)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let integrity = IntegrityCheck(path: path)
        do {
            try Self.migrate(database, path: path, integrity: integrity)
            guard let id = try database.unsafeRead({ db in try String.fetchOne(db, sql: "SELECT id FROM installation") }) else {
                throw StoreError.corruptDatabase(path, findings: ["the installation table has no id"])
            }
            installationID = id
        } catch {
            try? integrity.wait()  // its connection closes first, so that this one removes the -wal file
            throw error
        }
        self.database = database
        self.path = path
        self.integrity = integrity
    }

    /// The database, once the integrity check has passed: every write goes through here, so a
    /// damaged b-tree is never written to.
    var writer: DatabaseQueue {
        get throws(StoreError) {
            try integrity.wait()
            return database
        }
    }

    /// Runs `body`, which only reads, on the store's connection. Not GRDB's `read`: that one
    /// guards the block with `PRAGMA query_only`, and setting that flag, on and off, expires every
    /// statement the connection has prepared, so that each write after a read compiled its
    /// statements again. The connection is the store's only writer and runs one block at a time,
    /// so the block still sees no write half done.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.unsafeRead(body)
    }

    /// Waits for the integrity check started when the store opened (`PRAGMA quick_check`, on a
    /// connection of its own); throws when the file is damaged. Reads do not wait for it, writes
    /// do; pacerd waits for it before READY=1.
    public func awaitIntegrity() throws(StoreError) {
        try integrity.wait()
    }

    private static func migrate(_ database: DatabaseQueue, path: String, integrity: IntegrityCheck) throws {
        let migrator = Schema.migrator
        // Not `read`: the store is not made yet. Only reads (see `read`).
        let upToDate = try database.unsafeRead { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let hasTables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0 > 0
            if hasTables, applicationID != Schema.applicationID {
                throw StoreError.foreignDatabase(path, applicationID: applicationID)
            }
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
            if !unknown.isEmpty { throw StoreError.newerDatabase(path, unknown: unknown.sorted()) }
            return try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" && migrator.hasCompletedMigrations(db)
        }
        guard !upToDate else { return }
        // Only once the file is known to be ours and sound (the integrity check has passed): WAL
        // is a persistent change to the file.
        try integrity.wait()
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try migrator.migrate(database)
    }

    /// `instant` as the store keeps it: to the microsecond.
    public static func storedInstant(_ instant: Date) -> Date {
        Date(storedMicroseconds: instant.storedMicroseconds)
    }

    /// The write-ahead log's length, in pages, at which a commit copies it into the database.
    static let autocheckpointPages = 8_192

    /// The most memory SQLite's page cache of the store's connection holds, in KiB.
    static let cacheKiB = 512

    /// Copies the write-ahead log into the database file without waiting for anything
    /// (`PASSIVE`), so that no later commit has to.
    public func checkpoint() throws {
        _ = try writer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    /// Closes the database (after a checkpoint of the write-ahead log). Later calls fail.
    public func close() throws {
        try database.close()
    }

    /// SQLite's `PRAGMA integrity_check`: `["ok"]` when the file is healthy, else its findings.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The names of the migrations applied to this store, in order.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: Posts

    /// Stores a post and one `queued` delivery per channel.
    public func add(_ post: NewPost, now: Date) throws -> StoredPost {
        try add([post], now: now)[0]
    }

    /// Stores posts, in order, in one transaction (one durable commit for all): all or none.
    /// Each returned post is built from the values written, exactly as ``post(_:)`` reads it
    /// back, without reading it again.
    public func add(_ posts: [NewPost], now: Date) throws -> [StoredPost] {
        try writer.write { db in
            let createdAt = now.storedMicroseconds
            return try posts.map { post in
                let tags = try Self.tagsColumn(post.tags)
                try db.cachedStatement(sql: "INSERT INTO post (text, title, tags, allow_duplicate, created_at) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [post.text, post.title, tags, post.allowDuplicate, createdAt])
                let postID = db.lastInsertedRowID
                let deliveries = try post.channels.map { channel in
                    try Self.insertDelivery(db, postID: postID, channel: channel, of: post, now: now)
                }
                try Self.insertImages(db, postID: postID, post.images)
                try Self.insertLaterParts(db, postID: postID, post.laterParts)
                return StoredPost(
                    id: postID, text: post.text, title: post.title, tags: post.tags, createdAt: Date(storedMicroseconds: createdAt),
                    allowDuplicate: post.allowDuplicate, deliveries: deliveries, images: post.images, laterParts: post.laterParts)
            }
        }
    }

    /// The `tags` column: a JSON array of strings (`[]`, most posts, without an encoder).
    static func tagsColumn(_ tags: [String]) throws -> String {
        tags.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(tags), as: UTF8.self)
    }

    /// Inserts one delivery of `post` on `channel`: a draft, held (with the privacy finding) or
    /// queued. Returns it as ``post(_:)`` reads it back.
    @discardableResult
    static func insertDelivery(_ db: Database, postID: PostID, channel: String, of post: NewPost, now: Date) throws -> StoredDelivery {
        let heldReason = post.draft ? nil : post.held[channel]
        let state: DeliveryState = post.draft ? .draft : heldReason == nil ? .queued : .held
        let notBefore = post.notBefore?.storedMicroseconds
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery (post_id, channel, state, held_reason, not_before, text, part_texts, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                postID, channel, state.rawValue, heldReason, notBefore, post.overrides[channel], try partTextsColumn(post.partOverrides[channel]),
                now.storedMicroseconds, now.storedMicroseconds,
            ])
        return StoredDelivery(
            id: db.lastInsertedRowID, postID: postID, channel: channel, state: state, notBefore: notBefore.map(Date.init(storedMicroseconds:)),
            plannedAt: nil, claimedAt: nil, publishedAt: nil, url: nil, lastError: nil, heldReason: heldReason,
            textOverride: post.overrides[channel], partTexts: post.partOverrides[channel])
    }

    /// One post with its deliveries, or `nil`.
    public func post(_ id: PostID) throws -> StoredPost? {
        try read { db in try Self.fetchPost(db, id: id) }
    }

    /// The posts that still have a delivery to go out or to resolve (draft, queued, held, claimed, unknown).
    public func openPosts() throws -> [StoredPost] {
        try read { db in
            let open = DeliveryStateNames.sqlList([.draft, .queued, .held, .claimed, .unknown])
            let ids = try PostID.fetchAll(db, sql: "SELECT DISTINCT post_id FROM delivery WHERE state IN (\(open)) ORDER BY post_id")
            return try ids.compactMap { try Self.fetchPost(db, id: $0) }
        }
    }

    /// Cancels every draft, queued or held delivery of a post; refuses when there is none.
    public func cancel(_ id: PostID, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let post = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            let cancellable = post.deliveries.filter { $0.state.canMove(to: .cancelled) }
            guard !cancellable.isEmpty else {
                throw StoreError.nothingToCancel(id, states: post.deliveries.map(\.state))
            }
            for delivery in cancellable {
                try Self.move(db, delivery.id, to: .cancelled, now: now)
            }
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// Holds every queued delivery of a post (or only those on `channels`), with the reason.
    /// Refuses when none is queued.
    @discardableResult
    public func hold(_ id: PostID, channels: [String]? = nil, reason: String, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let post = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            let holdable = post.deliveries.filter { $0.state == .queued && (channels?.contains($0.channel) ?? true) }
            guard !holdable.isEmpty else { throw StoreError.nothingInState(id, wanted: .queued, action: "held", states: post.deliveries.map(\.state)) }
            for delivery in holdable {
                try Self.move(db, delivery.id, to: .held, now: now)
                try db.execute(sql: "UPDATE delivery SET held_reason = ? WHERE id = ?", arguments: [reason, delivery.id])
            }
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// Holds one queued delivery (late after downtime, `late = "hold"`). Returns its post.
    public func holdDelivery(_ id: DeliveryID, reason: String, now: Date) throws -> StoredPost {
        try writer.write { db in
            try Self.move(db, id, to: .held, now: now)
            try db.execute(sql: "UPDATE delivery SET held_reason = ? WHERE id = ?", arguments: [reason, id])
            guard let delivery = try Self.fetchDelivery(db, id: id), let post = try Self.fetchPost(db, id: delivery.postID) else {
                throw StoreError.noSuchDelivery(id)
            }
            return post
        }
    }

    /// Cancels one waiting delivery (late after downtime, `late = "skip"`). Returns its post.
    public func cancelDelivery(_ id: DeliveryID, now: Date) throws -> StoredPost {
        try writer.write { db in
            try Self.move(db, id, to: .cancelled, now: now)
            guard let delivery = try Self.fetchDelivery(db, id: id), let post = try Self.fetchPost(db, id: delivery.postID) else {
                throw StoreError.noSuchDelivery(id)
            }
            return post
        }
    }

    /// Releases every held delivery of a post back to the queue, and lets it go out even if it is
    /// alike to a post published since (the person has decided). Refuses when none is held.
    public func release(_ id: PostID, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let post = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            let held = post.deliveries.filter { $0.state == .held }
            guard !held.isEmpty else { throw StoreError.nothingInState(id, wanted: .held, action: "released", states: post.deliveries.map(\.state)) }
            for delivery in held {
                try Self.move(db, delivery.id, to: .queued, now: now)
                try db.execute(sql: "UPDATE delivery SET held_reason = NULL WHERE id = ?", arguments: [delivery.id])
            }
            // A person looked at it: a near-duplicate found at publish time no longer holds it back.
            try db.execute(sql: "UPDATE post SET allow_duplicate = 1 WHERE id = ?", arguments: [id])
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// A person's word on `unknown` deliveries of a post (on `channel`, or all): they went out
    /// (at `url`), or they did not and may be queued again. Refuses when none is unknown.
    public func confirm(_ id: PostID, channel: String?, published: Bool, url: String?, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let post = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            let unknown = post.deliveries.filter { $0.state == .unknown && (channel == nil || $0.channel == channel) }
            guard !unknown.isEmpty else { throw StoreError.nothingInState(id, wanted: .unknown, action: "confirmed", states: post.deliveries.map(\.state)) }
            for delivery in unknown {
                try Self.resolve(db, delivery.id, published: published, url: url, now: now)
            }
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// `pacer retry`: queues a post's failed deliveries again with a fresh retry budget.
    public func retry(_ id: PostID, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let post = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            let failed = post.deliveries.filter { $0.state == .failed }
            guard !failed.isEmpty else { throw StoreError.nothingInState(id, wanted: .failed, action: "retried", states: post.deliveries.map(\.state)) }
            for delivery in failed {
                try Self.move(db, delivery.id, to: .queued, now: now)
                try db.execute(
                    sql: "UPDATE delivery SET retried_at = ?, not_before = NULL, planned_at = NULL, claimed_at = NULL WHERE id = ?",
                    arguments: [now.storedMicroseconds, delivery.id])
            }
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// The attempts ledger since `since` (on `channel`, of `post`, or all), newest first.
    public func attempts(since: Date?, channel: String?, post: PostID? = nil) throws -> [AttemptRecord] {
        try read { db in
            var conditions = ["1 = 1"]
            var arguments: StatementArguments = []
            if let post {
                conditions.append("delivery.post_id = ?")
                _ = arguments.append(contentsOf: [post])
            }
            if let since {
                conditions.append("attempt.started_at >= ?")
                _ = arguments.append(contentsOf: [since.storedMicroseconds])
            }
            if let channel {
                conditions.append("delivery.channel = ?")
                _ = arguments.append(contentsOf: [channel])
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT attempt.*, delivery.post_id, delivery.channel FROM attempt
                    JOIN delivery ON delivery.id = attempt.delivery_id
                    WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY attempt.started_at DESC, attempt.id DESC
                    """,
                arguments: arguments)
            return rows.map { row in
                AttemptRecord(
                    id: row["id"], deliveryID: row["delivery_id"], postID: row["post_id"], channel: row["channel"],
                    number: row["number"], startedAt: Date(storedMicroseconds: row["started_at"]),
                    finishedAt: (row["finished_at"] as Int64?).map(Date.init(storedMicroseconds:)),
                    outcome: row["outcome"], httpStatus: row["http_status"], externalID: row["external_id"], url: row["url"], error: row["error"])
            }
        }
    }

    // MARK: Pauses

    /// The paused scopes: channel names, or `Store.wholeQueue`.
    public func pauses() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT scope FROM pause")) }
    }

    /// The pause scope that stands for the whole queue.
    public static let wholeQueue = "*"

    /// Pauses a channel or the whole queue; returns false when it was already paused.
    public func pause(_ scope: String, now: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO pause (scope, since) VALUES (?, ?)", arguments: [scope, now.storedMicroseconds])
            return db.changesCount > 0
        }
    }

    /// Resumes a channel or the whole queue; returns false when it was not paused.
    public func resume(_ scope: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM pause WHERE scope = ?", arguments: [scope])
            return db.changesCount > 0
        }
    }

    /// The posts a new text must not nearly repeat: those with a delivery published since `since`,
    /// and, with `includingWaiting`, those with one still waiting (draft, queued, held, claimed,
    /// unknown).
    public func recentPosts(publishedSince since: Date, includingWaiting: Bool) throws -> Set<PostID> {
        try read { db in
            let waiting = includingWaiting ? DeliveryStateNames.sqlList([.draft, .queued, .held, .claimed, .unknown]) : "NULL"
            // Every add batch reads this: the set is made here, as SQLite's DISTINCT (a temporary
            // B-tree over every waiting delivery) took three times as long as the rows alone.
            let statement = try db.cachedStatement(
                sql: "SELECT post_id FROM delivery WHERE state IN (\(waiting)) OR (state = 'published' AND published_at >= ?)")
            let rows = try PostID.fetchCursor(statement, arguments: [since.storedMicroseconds])
            var ids = Set<PostID>()
            while let id = try rows.next() { ids.insert(id) }
            return ids
        }
    }

    /// The texts of the posts `ids` (those that exist), by id; a thread's parts joined by blank lines.
    public func texts(of ids: [PostID]) throws -> [PostID: String] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var texts: [PostID: String] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, text FROM post WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(chunk))
                for row in rows { texts[row["id"]] = row["text"] }
                let parts = try Row.fetchAll(
                    db, sql: "SELECT post_id, text FROM post_part WHERE post_id IN (\(chunk.map { _ in "?" }.joined(separator: ","))) ORDER BY post_id, part",
                    arguments: StatementArguments(chunk))
                for row in parts {
                    let id: PostID = row["post_id"]
                    texts[id, default: ""] += "\n\n" + (row["text"] as String)
                }
            }
            return texts
        }
    }

    // MARK: Planning inputs and outputs

    /// Every `queued` delivery, as the planner takes it.
    public func pendingDeliveries() throws -> [PendingDelivery] {
        try read { db in
            // Read by column position through a cursor: re-planning reads this after every change.
            // Decoded with `try`: at start this read runs beside the integrity check, and a value
            // a damaged page garbled is an error to report, not a trap.
            let rows = try Row.fetchCursor(db, sql: "SELECT id, post_id, channel, not_before, planned_at, rank FROM delivery WHERE state = 'queued'")
            var pending: [PendingDelivery] = []
            while let row = try rows.next() {
                var delivery = PendingDelivery(
                    id: try row.decode(atIndex: 0), postID: try row.decode(atIndex: 1), channel: try row.decode(atIndex: 2),
                    notBefore: (try row.decode(Int64?.self, atIndex: 3)).map(Date.init(storedMicroseconds:)), rank: try row.decode(atIndex: 5))
                delivery.previousPlannedAt = (try row.decode(Int64?.self, atIndex: 4)).map(Date.init(storedMicroseconds:))
                pending.append(delivery)
            }
            return pending
        }
    }

    /// Deliveries that went out, or may have, since `since`: they use up the cadence budget.
    /// Decoded with `try`, as ``pendingDeliveries()`` is.
    public func history(since: Date) throws -> [PastDelivery] {
        try read { db in
            let used = DeliveryStateNames.sqlList([.published, .claimed, .unknown])
            // Read by column position through a cursor: re-planning reads this after every change.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, post_id, channel, coalesce(published_at, claimed_at) FROM delivery
                    WHERE state IN (\(used)) AND coalesce(published_at, claimed_at) >= ?
                    """,
                arguments: [since.storedMicroseconds])
            var history: [PastDelivery] = []
            while let row = try rows.next() {
                history.append(PastDelivery(
                    id: try row.decode(atIndex: 0), channel: try row.decode(atIndex: 2),
                    at: Date(storedMicroseconds: try row.decode(atIndex: 3)), postID: try row.decode(atIndex: 1)))
            }
            return history
        }
    }

    /// Records the planned instants that changed since the last plan.
    ///
    /// Committed without waiting for the disk (``writeWithoutWaitingForDisk(_:)``): a planned
    /// instant is derived (every start plans again) and guards no action, so it need not cost an
    /// `fsync` after every add and publication. If a power cut loses it, the lateness of a
    /// delivery is judged from the instant recorded before.
    public func recordPlannedInstants(_ changes: [(delivery: DeliveryID, at: Date?)]) throws {
        guard !changes.isEmpty else { return }
        try writeWithoutWaitingForDisk { db in
            let statement = try db.cachedStatement(sql: "UPDATE delivery SET planned_at = ? WHERE id = ? AND state = 'queued'")
            for change in changes {
                try statement.execute(arguments: [change.at?.storedMicroseconds, change.delivery])
            }
        }
    }

    /// Runs `updates` in one transaction committed with `synchronous = NORMAL`, then puts the
    /// store back to `FULL`. The commit survives a crash of pacerd like any other (it is in the
    /// write-ahead log); only a power cut before the next durable commit, whose `fsync` of the log
    /// covers it too, can lose it. For writes that guard no action.
    private func writeWithoutWaitingForDisk<T>(_ updates: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
            let written = Result { () throws -> T in
                var value: T?
                try db.inTransaction {
                    value = try updates(db)
                    return .commit
                }
                return value!  // inTransaction ran `updates`, or threw
            }
            try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
            return try written.get()
        }
    }

    /// How many deliveries are in `state`: a look-up in the index by state, not a scan.
    public func count(of state: DeliveryState) throws -> Int {
        try read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM delivery WHERE state = ?"), arguments: [state.rawValue]) ?? 0
        }
    }

    /// How many deliveries are in each state.
    public func countsByState() throws -> [DeliveryState: Int] {
        try read { db in
            var counts: [DeliveryState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM delivery GROUP BY state") {
                if let state = DeliveryState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    // MARK: The at-most-once commit point

    /// Marks a queued delivery `claimed` and opens its attempt row, in one committed transaction.
    /// Call the channel only after this returns.
    public func claim(_ id: DeliveryID, now: Date) throws -> Claim {
        try writer.write { db in
            try Self.move(db, id, to: .claimed, now: now)
            try db.cachedStatement(sql: "UPDATE delivery SET claimed_at = ? WHERE id = ?").execute(arguments: [now.storedMicroseconds, id])
            let counts = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT count(*), count(CASE WHEN attempt.started_at >= coalesce(delivery.retried_at, 0) THEN 1 END)
                    FROM attempt JOIN delivery ON delivery.id = attempt.delivery_id
                    WHERE attempt.delivery_id = ? AND outcome IS NOT 'rate_limited'
                    """),
                arguments: [id])
            let number = (counts?[0] as Int? ?? 0) + 1
            let sinceRetry = (counts?[1] as Int? ?? 0) + 1
            try db.cachedStatement(sql: "INSERT INTO attempt (delivery_id, number, started_at) VALUES (?, ?, ?)")
                .execute(arguments: [id, number, now.storedMicroseconds])
            let attemptID = db.lastInsertedRowID
            guard let delivery = try Self.fetchDelivery(db, id: id), let post = try Self.fetchPost(db, id: delivery.postID) else {
                throw StoreError.noSuchDelivery(id)
            }
            return Claim(attemptID: attemptID, attemptNumber: number, attemptsSinceRetry: sinceRetry, delivery: delivery, post: post)
        }
    }

    /// Records how a claimed attempt ended and moves its delivery accordingly.
    ///
    /// Committed without waiting for the disk (``writeWithoutWaitingForDisk(_:)``): the claim,
    /// committed durably before the channel was called, is what guards against a second
    /// publication. A power cut that loses this record leaves the delivery `claimed`, as a crash
    /// during the channel call does, and the next start asks the channel what happened
    /// (`Publisher.reconcile`) instead of publishing again. The next durable commit (the next
    /// claim, add or edit) makes it durable too.
    public func finish(_ claim: Claim, result: AttemptResult, now: Date) throws -> StoredDelivery {
        try writeWithoutWaitingForDisk { db in
            let id = claim.delivery.id
            switch result {
            case let .published(url, externalID, httpStatus):
                try Self.move(db, id, to: .published, now: now)
                try db.cachedStatement(sql: "UPDATE delivery SET published_at = ?, url = ?, last_error = NULL WHERE id = ?")
                    .execute(arguments: [now.storedMicroseconds, url, id])
                try db.cachedStatement(sql: "UPDATE attempt SET finished_at = ?, outcome = 'published', url = ?, external_id = ?, http_status = ? WHERE id = ?")
                    .execute(arguments: [now.storedMicroseconds, url, externalID, httpStatus, claim.attemptID])
            case let .failed(reason, httpStatus):
                try Self.forgetPartsInFlight(db, id)
                try Self.move(db, id, to: .failed, now: now)
                try db.execute(sql: "UPDATE delivery SET last_error = ? WHERE id = ?", arguments: [reason, id])
                try db.execute(
                    sql: "UPDATE attempt SET finished_at = ?, outcome = 'failed', error = ?, http_status = ? WHERE id = ?",
                    arguments: [now.storedMicroseconds, reason, httpStatus, claim.attemptID])
            case let .retry(reason, httpStatus, notBefore, consumesAttempt):
                try Self.forgetPartsInFlight(db, id)
                try Self.move(db, id, to: .queued, now: now)
                try db.execute(
                    // No planned instant: a retry is re-planned afresh, never mistaken for a late delivery.
                    sql: "UPDATE delivery SET last_error = ?, not_before = ?, claimed_at = NULL, planned_at = NULL WHERE id = ?",
                    arguments: [reason, notBefore.storedMicroseconds, id])
                try db.execute(
                    sql: "UPDATE attempt SET finished_at = ?, outcome = ?, error = ?, http_status = ? WHERE id = ?",
                    arguments: [now.storedMicroseconds, consumesAttempt ? "retry" : "rate_limited", reason, httpStatus, claim.attemptID])
            case let .unknown(reason):
                try Self.move(db, id, to: .unknown, now: now)
                try db.execute(sql: "UPDATE delivery SET last_error = ? WHERE id = ?", arguments: [reason, id])
                try db.execute(
                    sql: "UPDATE attempt SET finished_at = ?, outcome = 'unknown', error = ? WHERE id = ?",
                    arguments: [now.storedMicroseconds, reason, claim.attemptID])
            }
            return try Self.fetchDelivery(db, id: id)!
        }
    }

    /// After a crash: every `claimed` delivery becomes `unknown`, never re-sent on its own.
    /// Returns the deliveries it changed, and those a crash left `unknown` before (the crash may
    /// have come while their channel was being asked what happened): each is to be asked again.
    public func markInterruptedClaimsUnknown(now: Date) throws -> [StoredDelivery] {
        let reason = "pacerd stopped while publishing; it may or may not have gone out"
        return try writer.write { db in
            let earlier = try DeliveryID.fetchAll(
                db, sql: "SELECT id FROM delivery WHERE state = 'unknown' AND last_error = ? ORDER BY id", arguments: [reason])
            let ids = try DeliveryID.fetchAll(db, sql: "SELECT id FROM delivery WHERE state = 'claimed' ORDER BY id")
            for id in ids {
                try Self.move(db, id, to: .unknown, now: now)
                try db.execute(sql: "UPDATE delivery SET last_error = ? WHERE id = ?", arguments: [reason, id])
                try db.execute(
                    sql: "UPDATE attempt SET finished_at = ?, outcome = 'unknown', error = ? WHERE delivery_id = ? AND finished_at IS NULL",
                    arguments: [now.storedMicroseconds, reason, id])
            }
            return try (earlier + ids).compactMap { try Self.fetchDelivery(db, id: $0) }
        }
    }

    /// Resolves an `unknown` delivery once its channel has shown what happened.
    public func resolveUnknown(_ id: DeliveryID, published: Bool, url: String?, now: Date) throws -> StoredDelivery {
        try writer.write { db in
            try Self.resolve(db, id, published: published, url: url, now: now)
            return try Self.fetchDelivery(db, id: id)!
        }
    }

    // MARK: Internals

    /// An `unknown` delivery becomes `published` (at `url`) or `queued` again.
    private static func resolve(_ db: Database, _ id: DeliveryID, published: Bool, url: String?, now: Date) throws {
        try move(db, id, to: published ? .published : .queued, now: now)
        if published {
            try db.execute(
                sql: "UPDATE delivery SET published_at = coalesce(claimed_at, ?), url = ?, last_error = NULL WHERE id = ?",
                arguments: [now.storedMicroseconds, url, id])
        } else {
            try db.execute(sql: "UPDATE delivery SET last_error = NULL, claimed_at = NULL, planned_at = NULL WHERE id = ?", arguments: [id])
            // It did not go out: the part that was in doubt is sent again when the delivery resumes.
            try forgetPartsInFlight(db, id)
        }
    }

    /// Moves a delivery to `state` if the state machine allows it from its current state.
    static func move(_ db: Database, _ id: DeliveryID, to state: DeliveryState, now: Date) throws {
        guard let current = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM delivery WHERE id = ?"), arguments: [id])
            .flatMap(DeliveryState.init(rawValue:))
        else { throw StoreError.noSuchDelivery(id) }
        guard current.canMove(to: state) else { throw StoreError.illegalTransition(id, from: current, to: state) }
        try db.cachedStatement(sql: "UPDATE delivery SET state = ?, updated_at = ? WHERE id = ?")
            .execute(arguments: [state.rawValue, now.storedMicroseconds, id])
    }

    static func fetchPost(_ db: Database, id: PostID) throws -> StoredPost? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM post WHERE id = ?"), arguments: [id]) else { return nil }
        let tags = (try? JSONDecoder().decode([String].self, from: Data((row["tags"] as String).utf8))) ?? []
        let deliveries = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM delivery WHERE post_id = ? ORDER BY id"), arguments: [id])
            .map(delivery(from:))
        return StoredPost(
            id: row["id"], text: row["text"], title: row["title"], tags: tags,
            createdAt: Date(storedMicroseconds: row["created_at"]), allowDuplicate: row["allow_duplicate"], deliveries: deliveries,
            images: try fetchImages(db, postID: id), laterParts: try fetchLaterParts(db, postID: id))
    }

    private static func fetchDelivery(_ db: Database, id: DeliveryID) throws -> StoredDelivery? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM delivery WHERE id = ?"), arguments: [id]).map(delivery(from:))
    }

    private static func delivery(from row: Row) -> StoredDelivery {
        func instant(_ column: String) -> Date? { (row[column] as Int64?).map(Date.init(storedMicroseconds:)) }
        return StoredDelivery(
            id: row["id"], postID: row["post_id"], channel: row["channel"],
            state: DeliveryState(rawValue: row["state"]) ?? .unknown,
            notBefore: instant("not_before"), plannedAt: instant("planned_at"), claimedAt: instant("claimed_at"),
            publishedAt: instant("published_at"), url: row["url"], lastError: row["last_error"], heldReason: row["held_reason"],
            textOverride: row["text"],
            partTexts: (row["part_texts"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) })
    }
}
