import Foundation
import GRDB
import PacerPOSIX

/// What durability costs on this machine, measured alone: the floor under every figure that
/// waits for a commit.
enum DiskCost {
    /// Median wall time of `fsync` after a 4 KiB write, in nanoseconds, in `directory`.
    static func fsync(in directory: String, runs: Int = 50) throws -> Double {
        let path = directory + "/fsync-probe"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw BenchError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd); unlink(path) }
        let block = [UInt8](repeating: 0x2A, count: 4096)
        var samples: [Double] = []
        for index in 0..<runs {
            _ = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(index * 4096)) }
            let start = monotonicNanoseconds()
            Glibc.fsync(fd)
            samples.append(Double(monotonicNanoseconds() - start))
        }
        return median(samples)
    }

    /// Median wall time of one SQLite transaction inserting one row, with pacerd's settings (WAL,
    /// `synchronous=FULL`), in nanoseconds, in `directory`.
    static func durableCommit(in directory: String, runs: Int = 50) throws -> Double {
        let path = directory + "/commit-probe.sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let database = try pacerdLikeDatabase(at: path, schema: "CREATE TABLE probe (value INTEGER)")
        var samples: [Double] = []
        for index in 0..<runs {
            let start = monotonicNanoseconds()
            try database.write { db in try db.execute(sql: "INSERT INTO probe VALUES (?)", arguments: [index]) }
            samples.append(Double(monotonicNanoseconds() - start))
        }
        try database.close()
        return median(samples)
    }

    /// A new SQLite database at `path` with pacerd's durability settings (WAL, `synchronous=FULL`)
    /// and the tables `schema` creates.
    static func pacerdLikeDatabase(at path: String, schema: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: schema)
        }
        return database
    }

    /// Wall times of writing a small file durably as the outbox does (`Files.writeDurably`: a
    /// temporary file, `fsync`, `rename`, `fsync` of the directory), in nanoseconds.
    static func durableFile(in directory: String, runs: Int = 200) throws -> [Double] {
        try overOutboxFiles(in: directory, runs: runs) { path, content in
            let start = monotonicNanoseconds()
            try Files.writeDurably(content, to: path)
            return Double(monotonicNanoseconds() - start)
        }
    }

    /// Wall times of the outbox's work at the instant for a file prepared ahead
    /// (`Files.moveDurably`: `rename`, `fsync` of the directory), in nanoseconds; the file is
    /// written and flushed under its temporary name first, untimed, as at the claim.
    static func preparedRename(in directory: String, runs: Int = 200) throws -> [Double] {
        try overOutboxFiles(in: directory, runs: runs) { path, content in
            try Files.writeFlushed(content, to: Files.temporaryPath(for: path))
            let start = monotonicNanoseconds()
            try Files.moveDurably(Files.temporaryPath(for: path), to: path)
            return Double(monotonicNanoseconds() - start)
        }
    }

    /// The samples `measure` returns for `runs` outbox-sized files (path and content), in a fresh
    /// folder of `directory` removed afterwards.
    private static func overOutboxFiles(
        in directory: String, runs: Int, _ measure: (_ path: String, _ content: String) throws -> Double
    ) throws -> [Double] {
        let folder = directory + "/outbox-probe-\(getpid())"
        try Files.makeDirectories(folder, mode: 0o700)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try (0..<runs).map { index in
            try measure("\(folder)/delivery-\(index).txt", "Post-Id: \(index)\n\nA post of about a hundred characters, as the outbox writes them one by one.\n")
        }
    }
}
