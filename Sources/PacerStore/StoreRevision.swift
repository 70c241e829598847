import GRDB
import Synchronization

/// Counts the committed transactions that changed the `post` or `delivery` table in any way but
/// recording planned instants (an update of `planned_at` alone), so that a reader can tell that
/// what it read from those tables about posts and delivery states still holds without reading it
/// again (``Store/revision``).
///
/// A GRDB transaction observer on the store's connection: it sees every change made through it,
/// foreign-key cascades included. pacerd is the store's only writer.
final class StoreRevision: TransactionObserver, Sendable {
    private static let tables: Set<String> = ["post", "delivery"]
    private let committed = Atomic<UInt64>(0)
    /// Whether the open transaction changed what the revision covers (on the writer's queue).
    private let pending = Atomic<Bool>(false)

    /// The number of such transactions committed so far.
    var value: UInt64 { committed.load(ordering: .acquiring) }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case let .insert(table), let .delete(table): Self.tables.contains(table.lowercased())
        case let .update(table, columns): Self.tables.contains(table.lowercased()) && !columns.isSubset(of: ["planned_at"])
        }
    }

    func databaseDidChange() {
        pending.store(true, ordering: .relaxed)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        pending.store(true, ordering: .relaxed)
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if pending.exchange(false, ordering: .relaxed) { committed.add(1, ordering: .releasing) }
    }

    func databaseDidRollback(_ db: Database) {
        pending.store(false, ordering: .relaxed)
    }
}
