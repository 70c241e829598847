import Foundation

/// The instants already taken on one channel (history and what the planner placed so far),
/// kept sorted so the gap and budget checks stay logarithmic.
///
/// Taking an instant only ever makes the rules stricter, so an instant found inadmissible stays
/// inadmissible for the rest of the plan. The book remembers its last search: a search that starts
/// inside the stretch the last one already ruled out resumes where that one ended. Because the
/// planner searches in order of nondecreasing start, every stretch is walked once per plan.
struct ChannelBook {
    private var taken: [(at: Date, delivery: DeliveryID)] = []
    private var perDay: [ZonedDay: Int] = [:]
    private var lastSearch: (start: Date, result: Date, reasons: [Deferral])?

    /// Records that `delivery` goes (or went) out at `at`.
    mutating func take(_ at: Date, delivery: DeliveryID, timeZone: TimeZone) {
        let index = firstIndex(after: at)
        taken.insert((at, delivery), at: index)
        perDay[ZonedDay(containing: at, in: timeZone), default: 0] += 1
    }

    /// The earliest instant at or after `start` that the channel's rules allow, with the reasons it
    /// is later than `start` (the last one of each rule); `nil` if no instant can be found.
    mutating func earliestAllowed(from start: Date, rules: ChannelRules, reasons: inout [Deferral]) -> Date? {
        var candidate = start
        if let last = lastSearch, last.start <= start, start < last.result {
            // Everything in [start, last.result) was ruled out and still is.
            candidate = last.result
            for reason in last.reasons { Self.note(reason, in: &reasons) }
        }
        let result = search(from: candidate, rules: rules, reasons: &reasons)
        if let result { lastSearch = (start, result, reasons.filter { $0.rule != "at" }) }
        return result
    }

    private func search(from start: Date, rules: ChannelRules, reasons: inout [Deferral]) -> Date? {
        var candidate = start
        // Each step moves the candidate forward by at least a gap or a day; the bound only guards
        // against a configuration that can never be satisfied.
        for _ in 0..<10_000 {
            if let gap = rules.minGap, let blocker = latestConflict(around: candidate, gap: gap.seconds) {
                candidate = blocker.at.addingTimeInterval(gap.seconds)
                Self.note(Deferral(rule: "min_gap", detail: "min_gap \(gap) after delivery \(blocker.delivery)"), in: &reasons)
                continue
            }
            if let limit = rules.maxPerDay {
                let day = ZonedDay(containing: candidate, in: rules.timeZone)
                if perDay[day, default: 0] >= limit {
                    candidate = day.next.start(in: rules.timeZone)
                    Self.note(
                        Deferral(rule: "max_per_day", detail: "max_per_day \(limit) reached on \(rules.name) for \(day.label)"),
                        in: &reasons)
                    continue
                }
            }
            return candidate
        }
        return nil
    }

    /// The taken instant closest to (and within `gap` of) `candidate` that pushes it furthest.
    private func latestConflict(around candidate: Date, gap: TimeInterval) -> (at: Date, delivery: DeliveryID)? {
        guard gap > 0 else { return nil }
        var index = firstIndex(after: candidate.addingTimeInterval(-gap))
        var blocker: (at: Date, delivery: DeliveryID)?
        let end = candidate.addingTimeInterval(gap)
        while index < taken.count, taken[index].at < end {
            blocker = taken[index]
            index += 1
        }
        return blocker
    }

    /// The index of the first taken instant strictly after `instant`.
    private func firstIndex(after instant: Date) -> Int {
        var low = 0
        var high = taken.count
        while low < high {
            let middle = (low + high) / 2
            if taken[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Keeps one reason per rule: the latest, which names what the chosen instant had to wait for.
    private static func note(_ deferral: Deferral, in reasons: inout [Deferral]) {
        if let index = reasons.firstIndex(where: { $0.rule == deferral.rule }) {
            reasons[index] = deferral
        } else {
            reasons.append(deferral)
        }
    }
}
