import Dispatch
import GRDB
import Synchronization

/// SQLite's `PRAGMA quick_check` of the store's file, run on a connection of its own from the
/// moment the store opens, so that it overlaps the first reads and plan instead of preceding them
/// (about 180 ms at 100,000 deliveries). ``Store`` writes nothing before it has passed.
final class IntegrityCheck: Sendable {
    private let finished = DispatchGroup()
    private let outcome = Mutex<Result<Void, StoreError>?>(nil)

    /// Starts checking the file at `path`.
    init(path: String) {
        finished.enter()
        DispatchQueue.global().async { [self] in
            let result = Self.check(path)
            outcome.withLock { $0 = result }
            finished.leave()
        }
    }

    /// Waits for the check; throws ``StoreError/corruptDatabase(_:findings:)`` when it found
    /// damage or could not read the file.
    func wait() throws(StoreError) {
        finished.wait()
        if case .failure(let error)? = outcome.withLock({ $0 }) { throw error }
    }

    private static func check(_ path: String) -> Result<Void, StoreError> {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let connection = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? connection.close() }
            let findings = try connection.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            return findings == ["ok"] ? .success(()) : .failure(.corruptDatabase(path, findings: findings))
        } catch {
            return .failure(.corruptDatabase(path, findings: ["\(error)"]))
        }
    }
}
