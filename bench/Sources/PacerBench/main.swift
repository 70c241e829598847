// pacer-bench: Pacer's benchmark suite, `make bench`. Rows 3, 4 and 9 run the pure core in process;
// the others start the root package's release `pacerd` and `pacer` (from the directory given with
// --pacer-bin) on temporary XDG trees. Prints a summary table and writes BENCHMARKS.md to the file
// given with --output. A missed target is reported, never a failure: the exit status is non-zero
// only when the suite itself fails (1) or its arguments are wrong (2).
//
//   pacer-bench --pacer-bin DIR [--output FILE] [--idle-seconds N] [--profile-notes FILE] [--only 1,5,…]
import Foundation

let usage = """
    usage: pacer-bench --pacer-bin DIR [--output FILE] [--idle-seconds N] [--profile-notes FILE] [--only 1,5,…]
      --pacer-bin DIR       the directory of the release pacerd and pacer, built in the repository's root:
                            `swift build -c release --show-bin-path` there (make bench passes it); every
                            group needs it but 3 and 9
      --output FILE         write the report (BENCHMARKS.md) there; without it only the summary is printed
      --idle-seconds N      the idle window of rows 6 and 7 (default 60)
      --profile-notes FILE  text appended to the report (bench/PROFILE.md)
      --only LIST           run only these groups, by their first row number: 1, 2, 3 (3–4b), 5, 6 (6–7), 8, 9,
                            10, 11, 12
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
/// The groups, each with whether it starts the built pacerd or pacer.
let groups: [(name: String, startsProduct: Bool, run: () throws -> [BenchmarkRow])] = [
    ("1 pacer add vs at", true, { [try AddRoundTrip.run()] }),
    ("2 publish lateness", true, { try Lateness.run() }),
    ("3, 4 planner and calendar", false, { try CoreRows.run() }),
    ("5 start-up", true, { [try StartUp.run()] }),
    ("6, 7 idle CPU and RSS", true, { try Idle.run(window: idleWindow) }),
    ("8 concurrent adds", true, { [try ConcurrentAdds.run()] }),
    ("9 privacy lint", false, { PrivacyLintRow.run() }),
    ("10 pacer add with four images vs cp", true, { [try ImageAdd.run()] }),
    ("11 memory while uploading images", true, { [try UploadMemory.run()] }),
    ("12 thread parts back to back", true, { [try ThreadParts.run()] }),
]
let chosen = groups.filter { only?.contains(String($0.name.prefix { $0.isNumber })) ?? true }
if chosen.contains(where: { $0.startsProduct }), let problem = Binaries.productProblem() {
    FileHandle.standardError.write(Data("pacer-bench: \(problem)\n".utf8))
    exit(2)
}
var rows: [BenchmarkRow] = []
do {
    for (name, _, row) in chosen {
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
