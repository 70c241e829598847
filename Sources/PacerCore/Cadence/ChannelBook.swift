import Foundation

/// The instants already taken on one channel (history and what the planner placed so far),
/// kept sorted so the gap and budget checks stay logarithmic.
struct ChannelBook {
    private var taken: [(at: Date, delivery: DeliveryID)] = []
    private var perDay: [ZonedDay: Int] = [:]

    /// Records that `delivery` goes (or went) out at `at`.
    mutating func take(_ at: Date, delivery: DeliveryID, timeZone: TimeZone) {
        let index = firstIndex(after: at)
        taken.insert((at, delivery), at: index)
        perDay[ZonedDay(containing: at, in: timeZone), default: 0] += 1
    }

    /// The earliest instant at or after `start` that the channel's rules allow,
    /// with every reason it is later than `start`; `nil` if no instant can be found.
    func earliestAllowed(from start: Date, rules: ChannelRules, reasons: inout [Deferral]) -> Date? {
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

    private static func note(_ deferral: Deferral, in reasons: inout [Deferral]) {
        if !reasons.contains(deferral) { reasons.append(deferral) }
    }
}
