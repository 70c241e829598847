import Foundation
import PacerCore

/// One line of BENCHMARKS.md.
struct BenchmarkRow {
    /// "1" … "12" for the issues' rows; "2b", "3b" … for the figures that explain them.
    var number: String
    var measure: String
    var figure: String
    var target: String
    /// `nil` when the row has no target of its own.
    var met: Bool?
    /// What produced the figure.
    var command: String
    /// The measurements that explain the figure (why a target is missed), from the same run.
    var evidence: String?
    var date = ISOInstant.format(Date())
}

/// The machine the suite runs on: cores, memory, kernel and the file system under /tmp.
struct Machine {
    var summary: String

    static func current() -> Machine {
        let info = ProcessInfo.processInfo
        let memory = String(format: "%.0f GiB", Double(info.physicalMemory) / 1_073_741_824)
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Machine(summary: "\(info.activeProcessorCount) cores, \(memory), Linux \(release)")
    }
}

enum Report {
    /// The summary printed on stdout.
    static func summary(_ rows: [BenchmarkRow]) -> String {
        var text = "| # | measure | figure | target | met |\n|---|---|---|---|---|\n"
        for row in rows { text += "| \(row.number) | \(row.measure) | \(row.figure) | \(row.target) | \(verdict(row.met)) |\n" }
        return text
    }

    /// BENCHMARKS.md: the table, then the evidence of each row, then the profile notes.
    static func markdown(_ rows: [BenchmarkRow], machine: Machine, duration: Double, profileNotes: String) -> String {
        var text = """
            # Benchmarks

            Produced by `make bench` (release builds of `pacerd` and `pacer`, and of `pacer-bench` in its own
            package, `bench/`; then `pacer-bench --pacer-bin .build/release --output BENCHMARKS.md`) in
            \(String(format: "%.0f", duration)) s on \(machine.summary).
            Timings are medians of repeated runs; a ratio with another program is measured in the same
            run, the two alternating. A missed target never fails `make bench`; the evidence below says why.

            | # | measure | figure | target | met | command | machine | date |
            |---|---|---|---|---|---|---|---|

            """
        for row in rows {
            text += "| \(row.number) | \(row.measure) | \(row.figure) | \(row.target) | \(verdict(row.met)) | \(row.command) | \(machine.summary) | \(row.date) |\n"
        }
        text += "\n## Evidence, measured in the same run\n\n"
        for row in rows {
            guard let evidence = row.evidence else { continue }
            text += "- **Row \(row.number).** \(evidence)\n"
        }
        if !profileNotes.isEmpty { text += "\n" + profileNotes }
        return text
    }

    private static func verdict(_ met: Bool?) -> String {
        switch met {
        case true?: "met"
        case false?: "**missed**"
        case nil: "–"
        }
    }
}
