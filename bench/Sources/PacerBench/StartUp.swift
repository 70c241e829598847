import Foundation

/// Row 5: from `posix_spawn` of pacerd to `READY=1` on `NOTIFY_SOCKET`, with 100,000 queued
/// deliveries in the store, under the default configuration.
enum StartUp {
    static let deliveries = 100_000
    static let restarts = 5

    static func run() throws -> BenchmarkRow {
        let tree = try DaemonTree()
        defer { tree.remove() }
        let empty = try tree.launch()
        try empty.stop()
        try StoreFile.seedQueue(deliveries, into: tree.databasePath) { _ in nil }
        // The first start after seeding plans every delivery for the first time and records each
        // planned instant; later starts find them recorded.
        let first = try tree.launch()
        try first.stop()
        var times: [Double] = []
        for _ in 0..<restarts {
            let daemon = try tree.launch()
            times.append(daemon.startToReady)
            try daemon.stop()
        }
        let figure = median(times)
        return BenchmarkRow(
            number: "5", measure: "`pacerd` start to `READY=1` with 100,000 queued deliveries in the store (default configuration)",
            figure: milliseconds(figure), target: "≤ 500 ms", met: figure <= 500e6,
            command: "100,000 rows written into the store, one start to plan them, then \(restarts) starts timed from `posix_spawn` to `READY=1` on `NOTIFY_SOCKET`",
            evidence: """
                Median of \(restarts) starts: \(milliseconds(figure)) (fastest \(milliseconds(times.min()!)), slowest \
                \(milliseconds(times.max()!))). The first start after seeding, which records all 100,000 planned \
                instants: \(milliseconds(first.startToReady)). With an empty store: \(milliseconds(empty.startToReady)).
                """)
    }
}
