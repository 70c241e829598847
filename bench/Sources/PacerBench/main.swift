// pacer-bench: in-process benchmarks of Pacer's pure core. Run with `make bench` (release build).
// Prints a Markdown table and writes it to the file given with --output. Timings are medians of
// repeated runs; growth is a ratio measured in the same run. Nothing here is a pass/fail test.
import Foundation
import PacerCore

/// The median of `runs` timings of `body`, in nanoseconds per operation.
func medianNanoseconds(runs: Int, operations: Int, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<runs {
        let elapsed = clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        samples.append(seconds * 1e9 / Double(operations))
    }
    return samples.sorted()[samples.count / 2]
}

struct Row {
    var measure: String
    var figure: String
    var target: String
}

var rows: [Row] = []
var sink: Int64 = 0
let berlin = TimeZone(identifier: "Europe/Berlin")!
let base = ISOInstant.parse("2026-01-01T00:00:00Z")!

// Calendar next elapse of typical slot expressions.
for expression in ["Tue..Thu 08:30", "Mon..Fri 09..16:00/30"] {
    let spec = try CalendarSpec.parse(expression)
    let calls = 10_000
    _ = spec.nextElapse(after: base, in: berlin)
    let ns = medianNanoseconds(runs: 21, operations: calls) {
        for index in 0..<calls {
            // Bases spread over a year, 7 h apart, so every call searches afresh.
            let after = base.addingTimeInterval(Double(index) * 25_200)
            sink &+= Int64(spec.nextElapse(after: after, in: berlin)?.timeIntervalSince1970 ?? 0)
        }
    }
    rows.append(Row(measure: "calendar next elapse, `\(expression)` in Europe/Berlin", figure: String(format: "%.0f ns/call", ns), target: "≤ 5,000 ns"))
}

// Chained elapses of *:0/1: growth must be linear.
let everyMinute = try CalendarSpec.parse("*:0/1")
var chained: [(Int, Double)] = []
for count in [10_000, 20_000, 40_000] {
    let ns = medianNanoseconds(runs: 5, operations: 1) {
        sink &+= Int64(everyMinute.nextElapses(after: base, count: count, in: berlin).count)
    }
    chained.append((count, ns / 1e6))
}
rows.append(Row(
    measure: "10,000 / 20,000 / 40,000 chained elapses of `*:0/1`",
    figure: chained.map { String(format: "%.1f ms", $0.1) }.joined(separator: " / ") + String(format: " (40k÷10k = %.2f)", chained[2].1 / chained[0].1),
    target: "linear (ratio ≈ 4)"))

/// `count` pending deliveries over channels c0…c9, two per post; every fifth asks for a
/// "not before" spread deterministically over 30 days.
func queue(_ count: Int) -> [PendingDelivery] {
    (0..<count).map { index in
        let offset = Double((index * 7_919) % 2_592_000)
        let notBefore: Date? = index % 5 == 0 ? base.addingTimeInterval(offset) : nil
        return PendingDelivery(id: DeliveryID(index), postID: DeliveryID(index / 2), channel: "c\(index % 10)", notBefore: notBefore)
    }
}

// Planner: n pending deliveries over 10 channels with gaps and daily caps only.
let channels = (0..<10).map { index in
    ChannelRules(name: "c\(index)", timeZone: berlin, minGap: TimeSpan(seconds: 1800), maxPerDay: 12)
}
var planned: [(Int, Double)] = []
for count in [1_000, 10_000, 100_000] {
    let pending = queue(count)
    let history = (0..<200).map { PastDelivery(id: DeliveryID(1_000_000 + $0), channel: "c\($0 % 10)", at: base.addingTimeInterval(Double(-$0) * 3600)) }
    let input = PlanningInput(now: base, channels: channels, pending: pending, history: history)
    let ns = medianNanoseconds(runs: count >= 100_000 ? 3 : 7, operations: 1) {
        sink &+= Int64(Planner.plan(input).entries.count)
    }
    planned.append((count, ns / 1e6))
}
let growth = planned[2].1 / planned[1].1
rows.append(Row(
    measure: "planner: 1k / 10k / 100k pending deliveries over 10 channels (min_gap, max_per_day)",
    figure: planned.map { String(format: "%.1f ms", $0.1) }.joined(separator: " / ") + String(format: " (100k÷10k = %.1f)", growth),
    target: "100k ≤ 200 ms; ratio ≤ 13.3 (n log n)"))

// Planner with every rule on: slots, blackout, weekly caps, jitter, and account-wide rules.
let slots = [try CalendarSpec.parse("Mon..Fri 08..18:00/20")]
let blackout = [try CalendarSpec.parse("*-12-24..26")]
let everyRule = (0..<10).map { index in
    ChannelRules(
        name: "c\(index)", timeZone: berlin, minGap: TimeSpan(seconds: 1800), maxPerDay: 12, maxPerWeek: 50,
        slots: slots, blackout: blackout, jitter: TimeSpan(seconds: 300))
}
let account = AccountRules(timeZone: berlin, minGap: TimeSpan(seconds: 60), maxPerDay: 100, maxPerWeek: 500, crossPostGap: TimeSpan(seconds: 1800))
var plannedAll: [(Int, Double)] = []
for count in [1_000, 10_000, 100_000] {
    let pending = queue(count)
    let input = PlanningInput(now: base, channels: everyRule, pending: pending, history: [], account: account)
    let ns = medianNanoseconds(runs: count >= 100_000 ? 1 : 3, operations: 1) {
        sink &+= Int64(Planner.plan(input).entries.count)
    }
    plannedAll.append((count, ns / 1e6))
}
rows.append(Row(
    measure: "planner, every rule on (slots, blackout, weekly caps, jitter, account-wide gaps and caps, cross-post gap)",
    figure: plannedAll.map { String(format: "%.0f ms", $0.1) }.joined(separator: " / ")
        + String(format: " (100k÷10k = %.1f)", plannedAll[2].1 / plannedAll[1].1),
    target: "100k ≤ 200 ms; ratio ≤ 13.3 (n log n)"))

let processInfo = ProcessInfo.processInfo
let memoryGiB = Double(processInfo.physicalMemory) / 1_073_741_824
let machine = "\(processInfo.activeProcessorCount) cores, \(String(format: "%.0f", memoryGiB)) GiB"
let date = ISOInstant.format(Date())
var table = """
    | measure | figure | target |
    |---|---|---|

    """
for row in rows { table += "| \(row.measure) | \(row.figure) | \(row.target) |\n" }
let report = """
    # Benchmarks

    Produced by `make bench` (`swift build -c release --product pacer-bench && .build/release/pacer-bench --output BENCHMARKS.md`)
    on \(machine), \(date). Medians of repeated runs in one process; ratios are measured in the same run.

    \(table)
    """
print(table)
if let index = CommandLine.arguments.firstIndex(of: "--output"), index + 1 < CommandLine.arguments.count {
    try report.write(toFile: CommandLine.arguments[index + 1], atomically: true, encoding: .utf8)
}
if sink == 42 { print("") }  // keeps the measured work from being optimised away
