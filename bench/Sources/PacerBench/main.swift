// pacer-bench: Pacer's benchmark suite, `make bench`. Rows 3 and 4 run the pure core in process;
// the others start the built `pacerd` and `pacer` (next to this executable) on temporary XDG trees.
// Prints a summary table and writes BENCHMARKS.md to the file given with --output. A missed target
// is reported, never a failure: the exit status is non-zero only when the suite itself fails.
//
//   pacer-bench [--output FILE] [--idle-seconds N] [--profile-notes FILE] [--only 1,5,…]
import Foundation

let usage = """
    usage: pacer-bench [--output FILE] [--idle-seconds N] [--profile-notes FILE] [--only 1,5,…]
      --output FILE         write the report (BENCHMARKS.md) there; without it only the summary is printed
      --idle-seconds N      the idle window of rows 6 and 7 (default 60)
      --profile-notes FILE  text appended to the report (bench/PROFILE.md)
      --only LIST           run only these groups, by their first row number: 1, 2, 3 (3–4b), 5, 6 (6–7), 8, 9
    """
if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
    print(usage)
    exit(0)
}

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

let started = monotonicNanoseconds()
let idleWindow = option("--idle-seconds").flatMap(Double.init) ?? 60
/// The groups to run (by their first row number), all by default: for profiling one of them.
let only = option("--only").map { Set($0.split(separator: ",").map(String.init)) }
var rows: [BenchmarkRow] = []
do {
    for (name, row) in [
        ("1 pacer add vs at", { [try AddRoundTrip.run()] }),
        ("2 publish lateness", { try Lateness.run() }),
        ("3, 4 planner and calendar", { try CoreRows.run() }),
        ("5 start-up", { [try StartUp.run()] }),
        ("6, 7 idle CPU and RSS", { try Idle.run(window: idleWindow) }),
        ("8 concurrent adds", { [try ConcurrentAdds.run()] }),
        ("9 privacy lint", { PrivacyLintRow.run() }),
    ] as [(String, () throws -> [BenchmarkRow])] where only?.contains(String(name.prefix { $0.isNumber })) ?? true {
        FileHandle.standardError.write(Data("pacer-bench: row \(name)…\n".utf8))
        rows += try row()
    }
} catch {
    FileHandle.standardError.write(Data("pacer-bench: the suite failed: \(error)\n".utf8))
    exit(1)
}
rows.sort { $0.number.localizedStandardCompare($1.number) == .orderedAscending }
print(Report.summary(rows))
if let output = option("--output") {
    let notes = try option("--profile-notes").map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    let duration = Double(monotonicNanoseconds() - started) / 1e9
    try Report.markdown(rows, machine: .current(), duration: duration, profileNotes: notes).write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}
