import Foundation
import GRDB

/// Row 2: how late deliveries go out on a rule-free outbox channel, from the store's rows: each
/// delivery's planned instant is its "not before" (no rule moves it), its actual instant the
/// `published_at` recorded when the outbox reported the file written.
enum Lateness {
    struct Figures {
        var published: [Double]  // published_at − not_before, ns
        var claimed: [Double]  // claimed_at − not_before: the timer and the re-plan before the claim
        var service: [Double]  // published_at − claimed_at: claim commit, outbox write, outcome commit
    }

    /// The row's deliveries, and their floor's instants: how many, how far apart (seconds).
    private static let denseCount = 1_000, denseSpacing = 0.010

    static func run() throws -> [BenchmarkRow] {
        let dense = try measure(count: denseCount, spacing: denseSpacing)
        let sparse = try measure(count: 100, spacing: 0.100)
        let commit = try DiskCost.durableCommit(in: NSTemporaryDirectory())
        let fsync = try DiskCost.fsync(in: NSTemporaryDirectory())
        let file = try DiskCost.durableFile(in: NSTemporaryDirectory())
        let rename = try DiskCost.preparedRename(in: NSTemporaryDirectory())
        let stalled = dense.published.filter { $0 > 2e6 }.count
        let floor = try PublicationFloor.lateness(count: denseCount, spacing: denseSpacing, in: NSTemporaryDirectory())
        let floorStalled = floor.filter { $0 > 2e6 }.count
        func ms(_ values: [Double], _ fraction: Double) -> String { milliseconds(percentile(values, fraction)) }
        let p50 = percentile(dense.published, 0.5), p99 = percentile(dense.published, 0.99)
        // p99 within 2 ms, and p50 within 0.2 ms of the floor measured in the same run.
        let met = p50 <= percentile(floor, 0.5) + 0.2e6 && p99 <= 2e6
        let floorVerdict = switch (floorKept: percentile(floor, 0.99) <= 2e6, met: met) {
        case (false, false):
            "Its p99 is above the target too: in this run, even a process doing nothing but this work at these instants did not keep it."
        case (false, true):
            "Its p99 is above the target while pacerd's is not: the two ran one after the other, and the stalls of the machine, not the work, decide the p99 of either."
        case (true, false):
            "It keeps the target: what row 2 adds above it is pacerd's own work between one publication and the next claim (recording, re-planning, the near-duplicate check, logging)."
        case (true, true):
            "It keeps the target too."
        }
        return [
            BenchmarkRow(
                number: "2", measure: "publish lateness (published − planned) of 1,000 deliveries due 10 ms apart, rule-free outbox channel: p50 / p99 / max",
                figure: "\(ms(dense.published, 0.5)) / \(ms(dense.published, 0.99)) / \(ms(dense.published, 1))",
                target: "p99 ≤ 2 ms; p50 ≤ the floor's + 0.2 ms", met: met,
                command: "1,000 queued rows (not_before 10 ms apart, 3 s ahead) written into the store, then `pacerd` started; lateness from `delivery.published_at − not_before`",
                evidence: """
                    From claim to published: median \(ms(dense.service, 0.5)). The claim is made up to 10 ms ahead of \
                    the instant (claimed − planned p50 \(ms(dense.claimed, 0.5)), and \(ms(sparse.claimed, 0.5)) \
                    when deliveries are 100 ms apart, row 2b), and the outbox then writes and `fsync`s the file under its \
                    temporary name; at the instant it only renames it and `fsync`s the directory. That step alone on this \
                    disk: p50 \(ms(rename, 0.5)), p99 \(ms(rename, 0.99)), max \(ms(rename, 1)) (a whole durable file: p50 \
                    \(ms(file, 0.5)), p99 \(ms(file, 0.99)), max \(ms(file, 1)); one `fsync` \(milliseconds(fsync)), one \
                    durable SQLite commit \(milliseconds(commit))). \(stalled) of the 1,000 were more than 2 ms late: one \
                    delivery is claimed only after the one before is recorded and the queue re-planned, and when a step \
                    of that cycle (a durable commit, an `fsync`, the re-plan) stalls for longer than the spacing allows, \
                    the deliveries behind wait for it and go out one cycle apart until they have caught up. \
                    The floor, measured in the same run (`PublicationFloor`: a loop in pacer-bench that only wakes 10 ms \
                    before each of 1,000 instants 10 ms apart, commits a claim durably, writes and flushes the file, \
                    wakes at the instant, renames it and `fsync`s the directory, and records the outcome): lateness \
                    p50 \(ms(floor, 0.5)), p99 \(ms(floor, 0.99)), max \(ms(floor, 1)); \(floorStalled) of 1,000 more \
                    than 2 ms late. \(floorVerdict)
                    """),
            BenchmarkRow(
                number: "2b", measure: "the same with 100 deliveries due 100 ms apart: published − planned p50 / p99 / max; claimed − planned p50 / p99",
                figure: "\(ms(sparse.published, 0.5)) / \(ms(sparse.published, 0.99)) / \(ms(sparse.published, 1)); \(ms(sparse.claimed, 0.5)) / \(ms(sparse.claimed, 0.99))",
                target: "–", met: nil,
                command: "as row 2, 100 rows 100 ms apart"),
        ]
    }

    /// Queues `count` deliveries `spacing` seconds apart, 3 s after the daemon is started, waits
    /// until all are published, and returns their lateness.
    private static func measure(count: Int, spacing: Double) throws -> Figures {
        let tree = try DaemonTree(config: DaemonTree.ruleFreeOutbox)
        defer { tree.remove() }
        try tree.initialise()
        let first = (Date().timeIntervalSince1970 + 3) * 1e6
        try StoreFile.seedQueue(count, into: tree.databasePath) { Int64(first + Double($0) * spacing * 1e6) }
        let daemon = try tree.launch()
        let deadline = Date().addingTimeInterval(3 + Double(count) * spacing + 120)
        while try StoreFile.count("SELECT count(*) FROM delivery WHERE state = 'published'", in: tree.databasePath) < count {
            guard Date() < deadline else { throw BenchError("only part of \(count) deliveries published within 120 s of the last one's instant; log: \(tree.logPath)") }
            usleep(200_000)
        }
        try daemon.stop()
        let database = try DatabaseQueue(path: tree.databasePath, configuration: StoreFile.readOnly)
        defer { try? database.close() }
        return try database.read { db in
            var figures = Figures(published: [], claimed: [], service: [])
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT not_before, claimed_at, published_at FROM delivery") {
                let planned: Int64 = row["not_before"], claimed: Int64 = row["claimed_at"], published: Int64 = row["published_at"]
                figures.published.append(Double(published - planned) * 1_000)
                figures.claimed.append(Double(claimed - planned) * 1_000)
                figures.service.append(Double(published - claimed) * 1_000)
            }
            return figures
        }
    }
}
