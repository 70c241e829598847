import Foundation
import GRDB
import PacerPOSIX

/// The floor under row 2: the least work any publisher of those deliveries must do, done by a
/// minimal loop in this process at the same instants, with nothing else running in it.
///
/// For each instant: wake `claimLead` before it, commit the claim durably (SQLite, WAL,
/// `synchronous=FULL`), write and flush the file under its temporary name, wake at the instant,
/// rename the file and `fsync` the directory (the publication), then commit the outcome with
/// `synchronous=NORMAL`, as pacerd does. No planning, no near-duplicate check, no logging, no
/// threads: what this machine's timers and disk give a process that only keeps the instants.
enum PublicationFloor {
    /// Lateness (publication done − instant) of `count` instants `spacing` seconds apart, in
    /// nanoseconds, in a fresh folder of `directory` removed afterwards.
    static func lateness(count: Int, spacing: Double, claimLead: Double = 0.010, in directory: String) throws -> [Double] {
        let folder = directory + "/publication-floor-\(getpid())"
        try Files.makeDirectories(folder, mode: 0o700)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try claimsDatabase(at: folder + "/floor.sqlite", rows: count)
        defer { try? database.close() }
        let first = monotonicNanoseconds() + 200_000_000
        var lateness: [Double] = []
        lateness.reserveCapacity(count)
        for index in 0..<count {
            let instant = first + UInt64(Double(index) * spacing * 1e9)
            sleep(until: instant - UInt64(claimLead * 1e9))
            try database.write { db in
                try db.execute(sql: "UPDATE delivery SET state = 'claimed' WHERE id = ?", arguments: [index])
            }
            let path = "\(folder)/delivery-\(index).txt"
            try Files.writeFlushed("Delivery-Id: \(index)\n\nA post of about a hundred characters, as the outbox writes them.\n", to: Files.temporaryPath(for: path))
            sleep(until: instant)
            try Files.moveDurably(Files.temporaryPath(for: path), to: path)
            lateness.append(Double(monotonicNanoseconds()) - Double(instant))
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.inTransaction {
                    try db.execute(sql: "UPDATE delivery SET state = 'published' WHERE id = ?", arguments: [index])
                    return .commit
                }
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        return lateness
    }

    /// A WAL database with pacerd's durability settings and `rows` deliveries to claim.
    private static func claimsDatabase(at path: String, rows: Int) throws -> DatabaseQueue {
        let database = try DiskCost.pacerdLikeDatabase(at: path, schema: "CREATE TABLE delivery (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")
        try database.write { db in
            for id in 0..<rows { try db.execute(sql: "INSERT INTO delivery VALUES (?, 'queued')", arguments: [id]) }
        }
        return database
    }

    /// Sleeps until `deadline` of the monotonic clock (`monotonicNanoseconds`).
    private static func sleep(until deadline: UInt64) {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }
}
