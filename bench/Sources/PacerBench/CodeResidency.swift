import Foundation

/// Which pages of a process's executable code mapping are resident, from `/proc/PID/maps` and
/// the present bits of `/proc/PID/pagemap`: how much of the code counts in its RSS, and in what
/// stretches the kernel mapped it.
struct CodeResidency {
    /// The size of the executable mapping of `binary`, and how much of it is resident, in KiB.
    var mappedKiB: Int
    var residentKiB: Int
    /// The stretches of consecutive resident pages: how many, and the median and longest, in KiB.
    var runs: Int
    var medianRunKiB: Int
    var longestRunKiB: Int

    /// The residency of the executable (`r-xp`) mapping of the file whose path ends in `binary`.
    static func of(_ pid: pid_t, binary: String) throws -> CodeResidency {
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        guard let line = maps.split(separator: "\n").first(where: { $0.contains(" r-xp ") && $0.hasSuffix(binary) }),
            let range = line.split(separator: " ").first?.split(separator: "-"),
            let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16)
        else { throw BenchError("no executable mapping of \(binary) in /proc/\(pid)/maps") }
        let page = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let pages = Int((end - start) / page)
        let fd = open("/proc/\(pid)/pagemap", O_RDONLY)
        guard fd >= 0 else { throw BenchError("open /proc/\(pid)/pagemap: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var entries = [UInt64](repeating: 0, count: pages)
        let wanted = pages * MemoryLayout<UInt64>.size
        let read = entries.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(start / page) * 8) }
        guard read == wanted else { throw BenchError("read /proc/\(pid)/pagemap: \(read) of \(wanted) bytes") }
        var runs: [Int] = []
        var current = 0
        for entry in entries {
            if entry >> 63 == 1 {  // bit 63: the page is present
                current += 1
            } else if current > 0 {
                runs.append(current)
                current = 0
            }
        }
        if current > 0 { runs.append(current) }
        runs.sort()
        let kib = Int(page / 1024)
        return CodeResidency(
            mappedKiB: pages * kib, residentKiB: runs.reduce(0, +) * kib, runs: runs.count,
            medianRunKiB: runs.isEmpty ? 0 : runs[runs.count / 2] * kib, longestRunKiB: (runs.last ?? 0) * kib)
    }
}
