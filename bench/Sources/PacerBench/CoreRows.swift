import Foundation
import PacerCore

/// Rows 3 and 4: the pure core in process (the planner, calendar expressions).
enum CoreRows {
    private static let berlin = TimeZone(identifier: "Europe/Berlin")!
    private static let base = ISOInstant.parse("2026-01-01T00:00:00Z")!
    private static let command = "`pacer-bench` in process"
    nonisolated(unsafe) private static var sink: Int64 = 0

    static func run() throws -> [BenchmarkRow] {
        var rows = try calendar()
        rows += try planner()
        if sink == 42 { print("") }  // keeps the measured work from being optimised away
        return rows
    }

    /// Row 4: next elapse of typical slot expressions; 4b: chained elapses grow linearly.
    private static func calendar() throws -> [BenchmarkRow] {
        var figures: [String] = []
        var worst = 0.0
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
            figures.append(String(format: "`%@` %.0f ns", expression, ns))
            worst = max(worst, ns)
        }
        let everyMinute = try CalendarSpec.parse("*:0/1")
        let chainedSamples = interleavedSamples([10_000, 20_000, 40_000], runs: 11) { count in
            sink &+= Int64(everyMinute.nextElapses(after: base, count: count, in: berlin).count)
        }
        let chained = chainedSamples.map(median)
        let growth = medianRatio(chainedSamples[2], chainedSamples[0])
        return [
            BenchmarkRow(number: "4", measure: "calendar next elapse, typical slot expressions in Europe/Berlin, per call",
                figure: figures.joined(separator: ", "), target: "≤ 5,000 ns", met: worst <= 5_000,
                command: command + ", 10,000 calls × 21 runs"),
            BenchmarkRow(number: "4b", measure: "10,000 / 20,000 / 40,000 chained elapses of `*:0/1`",
                figure: chained.map(milliseconds).joined(separator: " / ") + String(format: " (40k÷10k = %.2f)", growth),
                target: "linear (ratio ≈ 4)", met: growth <= 4.4,
                command: command + ", 11 runs each, the three counts taking turns; the ratio is the median of the 11 rounds' own",
                evidence: String(format: "The ratio of the medians: %.2f.", chained[2] / chained[0])),
        ]
    }

    /// `count` pending deliveries over channels c0…c9, two per post; every fifth asks for a
    /// "not before" spread deterministically over 30 days.
    private static func queue(_ count: Int) -> [PendingDelivery] {
        (0..<count).map { index in
            let offset = Double((index * 7_919) % 2_592_000)
            let notBefore: Date? = index % 5 == 0 ? base.addingTimeInterval(offset) : nil
            return PendingDelivery(id: DeliveryID(index), postID: DeliveryID(index / 2), channel: "c\(index % 10)", notBefore: notBefore)
        }
    }

    /// Row 3: every rule on; 3b: gaps and daily caps only. The growth from 10k to 100k may be no
    /// worse than that of linear work over as many plan entries in the same run (``LinearGrowth``).
    private static func planner() throws -> [BenchmarkRow] {
        let slots = [try CalendarSpec.parse("Mon..Fri 08..18:00/20")]
        let blackout = [try CalendarSpec.parse("*-12-24..26")]
        let everyRule = (0..<10).map { index in
            ChannelRules(
                name: "c\(index)", timeZone: berlin, minGap: TimeSpan(seconds: 1800), maxPerDay: 12, maxPerWeek: 50,
                slots: slots, blackout: blackout, jitter: TimeSpan(seconds: 300))
        }
        let account = AccountRules(timeZone: berlin, minGap: TimeSpan(seconds: 60), maxPerDay: 100, maxPerWeek: 500, crossPostGap: TimeSpan(seconds: 1800))
        let all = timings { PlanningInput(now: base, channels: everyRule, pending: queue($0), history: [], account: account) }

        let gapsOnly = (0..<10).map { ChannelRules(name: "c\($0)", timeZone: berlin, minGap: TimeSpan(seconds: 1800), maxPerDay: 12) }
        let history = (0..<200).map { PastDelivery(id: DeliveryID(1_000_000 + $0), channel: "c\($0 % 10)", at: base.addingTimeInterval(Double(-$0) * 3600)) }
        let gaps = timings { PlanningInput(now: base, channels: gapsOnly, pending: queue($0), history: history) }
        let (linearRatio, linear) = linearGrowth()

        func row(_ number: String, _ measure: String, _ samples: [[Double]]) -> BenchmarkRow {
            let figures = samples.map(median)
            let growth = medianRatio(samples[2], samples[1])
            let largest = samples[2].sorted()
            return BenchmarkRow(
                number: number, measure: measure,
                figure: figures.map(milliseconds).joined(separator: " / ") + String(format: " (100k÷10k = %.1f)", growth),
                target: String(format: "100k ≤ 300 ms; 100k÷10k ≤ linear work's (%.1f)", linearRatio),
                met: figures[2] <= 300e6 && growth <= linearRatio,
                command: command + ", median of \(plannerRuns) runs each, the three sizes taking turns; "
                    + "the ratio is the median of the \(plannerRuns) rounds' own",
                evidence: "The \(plannerRuns) plans of 100,000 in this run, the same code and input: fastest \(milliseconds(largest[0])), "
                    + "slowest \(milliseconds(largest[largest.count - 1]))."
                    + String(format: " The ratio of the medians: %.1f. ", figures[2] / figures[1]) + linear)
        }
        return [
            row("3", "planner: 1k / 10k / 100k pending deliveries over 10 channels, every rule on (slots, blackout, gaps, daily and weekly caps, jitter, account-wide gaps and caps, cross-post gap)", all),
            row("3b", "planner: the same queues, min_gap and max_per_day only, 200 past deliveries", gaps),
        ]
    }

    /// What linear work over as many plan entries grows by from 10k to 100k in this run
    /// (``LinearGrowth``), and that in words.
    private static func linearGrowth() -> (ratio: Double, words: String) {
        let samples = LinearGrowth.samples(runs: plannerRuns)
        let growth = medianRatio(samples[1], samples[0])
        let cache = LinearGrowth.levelTwoCache.map { " (\($0) here)" } ?? ""
        let reading = growth > 10.5
            ? "Work that is linear in the entries grows by more than 10 between these sizes here: the entries of 10,000 fit a "
                + "core's L2 cache\(cache), those of 100,000 do not."
            : "Linear work grows by about 10 between these sizes in this run."
        return (growth, "For comparison, in the same run (`LinearGrowth`: make 10,000 or 100,000 plan entries, copy them out in a shuffled "
            + "order and free them; the same work per entry at both sizes, \(plannerRuns) runs each, the sizes taking turns): "
            + samples.map(median).map(milliseconds).joined(separator: " / ")
            + String(format: ", 100k÷10k = %.1f. ", growth) + reading)
    }

    /// How many times each size is planned: 15, as on this shared VM the same plan's time varies
    /// by nearly half within one run, and a median of 7 still moved the growth ratio by ±1.5.
    private static let plannerRuns = 15

    /// The wall times of planning 1k, 10k and 100k deliveries, ``plannerRuns`` each, in
    /// nanoseconds, the sizes taking turns.
    private static func timings(_ input: (Int) -> PlanningInput) -> [[Double]] {
        interleavedSamples([1_000, 10_000, 100_000].map(input), runs: plannerRuns) { planningInput in
            sink &+= Int64(Planner.plan(planningInput).entries.count)
        }
    }
}
