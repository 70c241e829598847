import Foundation

/// Row 1: `pacer add` (process start, request, durable commit, reply) against Debian's `at`
/// queueing a job, alternating the two in one loop.
enum AddRoundTrip {
    static let pairs = 30

    static func run() throws -> BenchmarkRow {
        let tree = try DaemonTree()
        defer { tree.remove() }
        let daemon = try tree.launch()
        let jobsBefore = try atJobs()
        defer { removeAtJobs(except: jobsBefore) }
        var texts = Texts(seed: 1)
        let at = ["-c", "echo true | at now + 1 hour"]
        let output = tree.root + "/command.out"
        func run(_ path: String, _ arguments: [String]) throws -> Double {
            unlink(output)
            return try Spawn.check(path, arguments, environment: tree.environment, output: output)
        }
        func add() throws -> Double { try run(Binaries.pacer, ["add", texts.next(), "--at", "+1h"]) }

        for _ in 0..<3 {  // warm the page cache and the daemon
            _ = try add()
            _ = try run("/bin/sh", at)
        }
        var pacerTimes: [Double] = [], atTimes: [Double] = []
        for index in 0..<pairs {
            // Alternate which goes first, so neither always follows the other.
            if index % 2 == 0 {
                pacerTimes.append(try add())
                atTimes.append(try run("/bin/sh", at))
            } else {
                atTimes.append(try run("/bin/sh", at))
                pacerTimes.append(try add())
            }
        }
        // What the round trip is made of, each measured alone, and the start-up floors.
        var startUp: [Double] = [], status: [Double] = [], swiftFloor: [Double] = [], foundationFloor: [Double] = []
        for _ in 0..<pairs {
            startUp.append(try run(Binaries.pacer, ["timespan", "1h"]))
            status.append(try run(Binaries.pacer, ["status"]))
            swiftFloor.append(try run(Binaries.swiftStartUpFloor, []))
            foundationFloor.append(try run(Binaries.foundationStartUpFloor, []))
        }
        try daemon.stop()
        let stateDirectory = (tree.databasePath as NSString).deletingLastPathComponent
        let commit = try DiskCost.durableCommit(in: stateDirectory)
        let fsync = try DiskCost.fsync(in: stateDirectory)

        let ratio = median(pacerTimes) / median(atTimes)
        func timesAt(_ value: Double) -> String { String(format: "%.1f×", value / median(atTimes)) }
        return BenchmarkRow(
            number: "1", measure: "`pacer add` round trip (process start, request, durable commit, reply) vs `echo true \\| at now + 1 hour`, median wall",
            figure: "\(milliseconds(median(pacerTimes))) vs \(milliseconds(median(atTimes))): " + String(format: "%.1f×", ratio),
            target: "≤ 3.0×", met: ratio <= 3.0,
            command: "`pacer add TEXT --at +1h` and `sh -c 'echo true \\| at now + 1 hour'`, \(pairs) alternating pairs after 3 warm-up pairs",
            evidence: """
                `pacer add` \(milliseconds(median(pacerTimes))) = process start-up (`pacer timespan 1h`, no socket) \
                \(milliseconds(median(startUp))) + a round trip without a commit (`pacer status` \(milliseconds(median(status))) \
                in all) + one durable commit. One SQLite commit with pacerd's settings (WAL, `synchronous=FULL`) \
                on this disk, alone: \(milliseconds(commit)); one `fsync` of a 4 KiB write: \(milliseconds(fsync)). \
                `at` writes its spool file without `fsync` (\(milliseconds(median(atTimes))) in all). The start-up of \
                `pacer` alone is \(timesAt(median(startUp))) `at`'s whole time, the \
                commit \(timesAt(commit)): the process start-up, not the disk, decides this row. \
                The start-up floors, linked as `pacer` is and timed in the same loop: a Swift program that only \
                prints a line, \(milliseconds(median(swiftFloor))) (\(timesAt(median(swiftFloor))) `at`); one that \
                also does with Foundation what `pacer add` must besides parsing its arguments and talking to pacerd \
                (encode a request and decode a reply as JSON, show an instant in the local time zone), \
                \(milliseconds(median(foundationFloor))) (\(timesAt(median(foundationFloor))) `at`). That floor \
                leaves \(milliseconds(max(0, 2 * median(atTimes) - median(foundationFloor)))) of the 2× budget for \
                argument-parser, the connection, pacerd's durable commit and the reply, which take \
                \(milliseconds(median(pacerTimes) - median(foundationFloor))) in `pacer add`.
                """)
    }

    /// The job numbers in `at`'s queue.
    private static func atJobs() throws -> Set<String> {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-bench-atq-\(getpid())").path
        defer { unlink(output) }
        let pid = try Spawn.start("/usr/bin/atq", [], environment: ["PATH": "/usr/bin:/bin"], output: output)
        _ = Spawn.wait(pid)
        let listing = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return Set(listing.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) })
    }

    /// Removes the jobs this row queued (atd need not run; the jobs sit in its spool).
    private static func removeAtJobs(except before: Set<String>) {
        guard let now = try? atJobs() else { return }
        let ours = now.subtracting(before).sorted()
        guard !ours.isEmpty, let pid = try? Spawn.start("/usr/bin/atrm", ours, environment: ["PATH": "/usr/bin:/bin"]) else { return }
        _ = Spawn.wait(pid)
    }
}
