import Foundation

/// What the kernel says a process has used: CPU time and memory, from /proc.
struct ProcessUsage {
    /// utime + stime of the whole process (threads gone included), in clock ticks.
    var ticks: Int
    /// The CPU time of each live thread, by thread id, in nanoseconds
    /// (`/proc/PID/task/*/schedstat`, exact).
    var threadNanoseconds: [String: Double]
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
        var threads: [String: Double] = [:]
        for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") {
            guard let schedstat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8) else { continue }
            threads[task] = Double(schedstat.split(separator: " ")[0])!
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

    /// The CPU time the threads alive now used since `before`, in nanoseconds: a thread that
    /// exited in between is left out (it would otherwise subtract its whole life's time), one
    /// that started counts whole.
    func threadNanoseconds(since before: ProcessUsage) -> Double {
        threadNanoseconds.reduce(0) { sum, thread in sum + thread.value - (before.threadNanoseconds[thread.key] ?? 0) }
    }

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
}
