import Foundation
import GRDBSQLite
import Synchronization

/// SQLite's `PRAGMA quick_check` of the store's file, run on a connection of its own from the
/// moment the store opens, so that it overlaps the first reads and plan instead of preceding them
/// (about 180 ms at 100,000 deliveries). ``Store`` writes nothing before it has passed.
///
/// The connection is SQLite's own, on a thread that ends with the check: a GRDB queue would be
/// released to Dispatch's global pool, whose upkeep then wakes pacerd every second while idle.
final class IntegrityCheck: Sendable {
    private let finished = DispatchGroup()
    private let outcome = Mutex<Result<Void, StoreError>?>(nil)

    /// Starts checking the file at `path`.
    init(path: String) {
        finished.enter()
        let thread = Thread { [self] in
            let result = Self.check(path)
            outcome.withLock { $0 = result }
            finished.leave()
        }
        thread.name = "pacerd.integrity"
        thread.start()
    }

    /// Waits for the check; throws ``StoreError/corruptDatabase(_:findings:)`` when it found
    /// damage or could not read the file.
    func wait() throws(StoreError) {
        finished.wait()
        if case .failure(let error)? = outcome.withLock({ $0 }) { throw error }
    }

    private static func check(_ path: String) -> Result<Void, StoreError> {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            return .failure(.corruptDatabase(path, findings: [message(connection)]))
        }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, "PRAGMA quick_check", -1, &statement, nil) == SQLITE_OK else {
            return .failure(.corruptDatabase(path, findings: [message(connection)]))
        }
        var findings: [String] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: findings.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            case SQLITE_DONE: return findings == ["ok"] ? .success(()) : .failure(.corruptDatabase(path, findings: findings))
            default: return .failure(.corruptDatabase(path, findings: findings + [message(connection)]))
            }
        }
    }

    private static func message(_ connection: OpaquePointer?) -> String {
        connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot be opened"
    }
}
