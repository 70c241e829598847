import Foundation
import GRDB
import PacerCore
import PacerProtocol

/// Row 8: 50 clients on their own threads, each adding 100 posts over the control socket (one
/// connection per request, as `pacer` does), against a daemon under the default configuration.
enum ConcurrentAdds {
    static let clients = 50
    static let postsPerClient = 100
    /// The suite must stay within minutes: clients stop sending after this many seconds, and the
    /// row then reports how far they got.
    static let timeLimit = 90.0

    /// What the clients saw, gathered from their threads.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var acknowledged: Set<PostID> = []
        private(set) var failures: [String] = []

        func record(_ id: PostID) { lock.withLock { _ = acknowledged.insert(id) } }
        func record(failure: String) { lock.withLock { failures.append(failure) } }
    }

    static func run() throws -> BenchmarkRow {
        let tree = try DaemonTree()
        defer { tree.remove() }
        let daemon = try tree.launch()
        let tally = Tally()
        let done = DispatchGroup()
        let socketPath = tree.socketPath
        let start = monotonicNanoseconds()
        let deadline = start + UInt64(timeLimit * 1e9)
        for client in 0..<clients {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let connection = ControlClient(socketPath: socketPath, timeoutSeconds: 300)
                var texts = Texts(seed: UInt64(1_000 + client))
                for _ in 0..<postsPerClient where monotonicNanoseconds() < deadline {
                    do {
                        let reply = try connection.send(.add(AddParameters(text: texts.next())), expecting: PostView.self)
                        tally.record(try reply.get().id)
                    } catch {
                        tally.record(failure: "\(error)")
                    }
                }
            }
            thread.start()
        }
        done.wait()
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        try daemon.stop()

        let database = try DatabaseQueue(path: tree.databasePath, configuration: StoreFile.readOnly)
        let stored = Set(try database.read { try PostID.fetchAll($0, sql: "SELECT id FROM post") })
        try database.close()
        let total = clients * postsPerClient
        let lost = tally.acknowledged.subtracting(stored).count
        let rate = Double(tally.acknowledged.count) / seconds
        let sent = tally.acknowledged.count + tally.failures.count
        return BenchmarkRow(
            number: "8", measure: "50 concurrent clients adding 5,000 posts in total: adds/s, lost",
            figure: String(format: "%.0f adds/s, %d lost, %d failed", rate, lost, tally.failures.count),
            target: "≥ 2,000/s, 0 lost", met: rate >= 2_000 && lost == 0 && tally.failures.isEmpty,
            command: "50 threads × 100 `add` requests through `ControlClient` (stopped after \(Int(timeLimit)) s); acknowledged ids checked against `post` rows after SIGTERM",
            evidence: """
                \(tally.acknowledged.count) of \(total) adds acknowledged in \(String(format: "%.1f", seconds)) s\
                \(sent < total ? " (the clients stopped at the \(Int(timeLimit)) s limit)" : ""), \
                \(stored.count) posts in the store, \(lost) acknowledged but absent\
                \(tally.failures.first.map { "; first failure: \($0)" } ?? "").
                """)
    }
}
