import Foundation
import GRDB

/// Row 12: threads of 10 parts on a `mastodon` channel (which posts part by part, each part its
/// own durable step and its own HTTP request) against a ``LoopbackMastodon``: how late part 1
/// goes out after the planned instant, and how far apart the parts follow one another. Lateness
/// as in row 2: the `published_at` pacerd records for the part (`delivery_part`) − the
/// delivery's `not_before`.
enum ThreadParts {
    static let threads = 20, partsPerThread = 10
    /// Seconds between two threads' instants: far more than a thread takes, so each starts alone.
    static let spacing: Int64 = 1

    static func run() throws -> BenchmarkRow {
        let server = try LoopbackMastodon()
        defer { server.stop() }
        let tree = try DaemonTree.mastodon(at: server)
        defer { tree.remove() }
        let daemon = try tree.launch()
        Thread.sleep(forTimeInterval: 1)  // past start-up and the instance look-up
        var words = NonsenseWords(seed: 12)
        let first = Int64(Date().timeIntervalSince1970.rounded(.up)) + 5
        for thread in 0..<threads {
            let file = tree.root + "/thread-\(thread).md"
            let parts = (1...partsPerThread).map { "Part \($0): " + words.sentence() }
            try parts.joined(separator: "\n\n+++ part +++\n\n").write(toFile: file, atomically: true, encoding: .utf8)
            _ = try Spawn.check(Binaries.pacer, ["add", "--file", file, "--at", "@\(first + Int64(thread) * spacing)"],
                                environment: tree.environment, output: tree.root + "/add.out")
        }
        guard Int64(Date().timeIntervalSince1970) < first else { throw BenchError("the adds took longer than the 5 s before the first thread's instant") }
        let expected = threads * partsPerThread
        let deadline = Date().addingTimeInterval(Double(threads) * Double(spacing) + 60)
        func allOut() throws -> Bool {
            let published = try StoreFile.count("SELECT count(*) FROM delivery WHERE state = 'published'", in: tree.databasePath)
            return published >= threads && server.requests.filter { $0.path == "/api/v1/statuses" }.count >= expected
        }
        while try !allOut() {
            guard Date() < deadline else { throw BenchError("only part of \(threads) threads published within 60 s of the last one's instant; log: \(tree.logPath)") }
            usleep(100_000)
        }
        try daemon.stop()
        let httpFloor = try server.roundTrips(runs: 50)
        let commit = try DiskCost.durableCommit(in: tree.root)
        let record = try DiskCost.durableFile(in: tree.root)

        let rows = try partRows(in: tree.databasePath)
        guard rows.count == expected else { throw BenchError("\(rows.count) parts recorded in delivery_part, expected \(expected)") }
        let byDelivery = Dictionary(grouping: rows, by: \.delivery).values.map { $0.sorted { $0.part < $1.part } }
        let firstParts = byDelivery.map { $0[0] }
        let lateness = firstParts.map { Double($0.published - $0.planned) * 1_000 }
        let startLateness = firstParts.map { Double($0.started - $0.planned) * 1_000 }
        var gaps: [Double] = [], calls: [Double] = [], between: [Double] = []
        for parts in byDelivery {
            for (earlier, later) in zip(parts, parts.dropFirst()) {
                gaps.append(Double(later.published - earlier.published) * 1_000)
                between.append(Double(later.started - earlier.published) * 1_000)
            }
            // Part 1's start is committed at the claim, ahead of the instant: its call is not timed here.
            calls += parts.dropFirst().map { Double($0.published - $0.started) * 1_000 }
        }
        let whole = byDelivery.map { Double($0.last!.published - $0[0].planned) * 1_000 }
        // The server's view: each status request's arrival, from the planned instant for part 1.
        let statuses = server.requests.filter { $0.path == "/api/v1/statuses" }.sorted { $0.complete < $1.complete }
        let plannedInstants = byDelivery.map { $0[0].planned }
        let arrivals = plannedInstants.compactMap { planned in statuses.first { $0.complete >= planned }.map { Double($0.complete - planned) * 1_000 } }

        func ms(_ values: [Double], _ fraction: Double) -> String { milliseconds(percentile(values, fraction)) }
        let p99 = percentile(lateness, 0.99)
        return BenchmarkRow(
            number: "12", measure: "threads of 10 parts on a `mastodon` channel (part by part, one HTTP request each) to a loopback server: "
                + "part 1 published − planned p50 / p99; the gap between consecutive parts p50 / p99",
            figure: "\(ms(lateness, 0.5)) / \(ms(lateness, 0.99)); gap \(ms(gaps, 0.5)) / \(ms(gaps, 0.99))",
            target: "part 1 p99 ≤ 2 ms (row 2's); parts back to back (gap reported)", met: p99 <= 2e6,
            command: "\(threads) threads added with `pacer add --file F --at @EPOCH`, \(spacing) s apart; "
                + "lateness from `delivery_part.published_at − delivery.not_before` (\(threads) first parts), gaps from consecutive parts' `published_at` "
                + "(\(gaps.count) gaps)",
            evidence: """
                pacerd claims part 1 up to 10 ms ahead of the instant, as in row 2, and commits its start then \
                (p50 \(ms(startLateness, 0.5)) from the instant); at the instant the channel records the request \
                durably (`unanswered/`) and sends the status over a fresh TCP connection, and pacerd records the \
                part when the answer comes. The server (`POST /api/v1/statuses` answered 200 at once) saw part 1's \
                request complete \(ms(arrivals, 0.5)) (p50) and \(ms(arrivals, 1)) (max) after the instant. Unlike \
                row 2's outbox, which writes its file ahead of the instant and only renames it then, an HTTP \
                request cannot be sent ahead: its round trip is in the lateness. Each later part: pacerd commits the \
                part before it and this part's start (between the two parts' calls: p50 \(ms(between, 0.5)), \
                p99 \(ms(between, 0.99))), then calls the channel (p50 \(ms(calls, 0.5)), p99 \(ms(calls, 0.99))); \
                the gap from part to part: p50 \(ms(gaps, 0.5)), p99 \(ms(gaps, 0.99)), max \(ms(gaps, 1)). Its \
                floor, measured in the same run: two durable SQLite commits (median \(milliseconds(commit)) each), one durable \
                small file (p50 \(ms(record, 0.5))) and one HTTP request on a fresh loopback connection (p50 \
                \(ms(httpFloor, 0.5)), p99 \(ms(httpFloor, 0.99))), each timed alone after the threads; the rest of a part's call is the channel's and AsyncHTTPClient's own \
                work, not timed apart here. A whole thread of 10 \
                parts was out \(ms(whole, 0.5)) (p50) / \(ms(whole, 1)) (max) after its instant.
                """)
    }

    private struct PartRow {
        var delivery: Int64
        var part: Int
        var planned: Int64  // µs since 1970, as the store keeps instants
        var started: Int64
        var published: Int64
    }

    private static func partRows(in path: String) throws -> [PartRow] {
        let database = try DatabaseQueue(path: path, configuration: StoreFile.readOnly)
        defer { try? database.close() }
        return try database.read { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT delivery_part.delivery_id, part, not_before, started_at, delivery_part.published_at
                FROM delivery_part JOIN delivery ON delivery.id = delivery_part.delivery_id
                """).map { row in
                PartRow(delivery: row[0], part: row[1], planned: row[2], started: row[3], published: row[4])
            }
        }
    }
}

/// Words of random letters, so that no two of the row's threads look alike to pacerd's
/// near-duplicate check (which compares a thread's whole text).
struct NonsenseWords {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// Twelve words of four to eight lowercase letters.
    mutating func sentence() -> String {
        (0..<12).map { _ in String((0..<(4 + next() % 5)).map { _ in Character(Unicode.Scalar(UInt8(97 + next() % 26))) }) }
            .joined(separator: " ")
    }

    private mutating func next() -> Int {
        // xorshift64*
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33)
    }
}
