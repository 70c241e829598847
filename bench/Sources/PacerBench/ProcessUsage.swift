import Foundation

/// What the kernel says a process has used: CPU time and memory, from /proc.
struct ProcessUsage {
    /// utime + stime of the whole process (threads gone included), in clock ticks.
    var ticks: Int
    /// The CPU time of the live threads, in nanoseconds (`/proc/PID/task/*/schedstat`, exact).
    var threadNanoseconds: Double
    /// VmRSS and VmHWM, in KiB.
    var residentKiB: Int
    var peakKiB: Int
    /// The resident pages pacerd allocated itself (RssAnon: heap, stacks) and those of files
    /// (RssFile: its binary's and shared libraries' pages, clean and shared), in KiB.
    var anonymousKiB: Int
    var fileKiB: Int

    static func of(_ pid: pid_t) throws -> ProcessUsage {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The fields after the command name, which is in parentheses and may hold spaces.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = Int(fields[11])! + Int(fields[12])!  // utime, stime (fields 14 and 15 of stat)
        var threads = 0.0
        for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") {
            guard let schedstat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8) else { continue }
            threads += Double(schedstat.split(separator: " ")[0])!
        }
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func kib(_ key: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") }
            return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) } ?? 0
        }
        return ProcessUsage(
            ticks: ticks, threadNanoseconds: threads, residentKiB: kib("VmRSS"), peakKiB: kib("VmHWM"), anonymousKiB: kib("RssAnon"),
            fileKiB: kib("RssFile"))
    }

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
}
