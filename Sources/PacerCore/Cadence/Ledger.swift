/// The instants taken in one scope (a channel, or the whole account): history and what the
/// planner placed so far, sorted so the gap check is a binary search, with counts per local day
/// and per ISO week for the budgets.
struct Ledger {
    /// One taken instant: when (µs since the epoch), which delivery, on which channel (an index
    /// into the planner's channel names).
    struct Entry {
        var at: Int64
        var delivery: DeliveryID
        var channel: Int
    }

    let calendar: LocalCalendar
    private var taken: [Entry] = []
    private var perDay = PeriodCounts()
    private var perWeek = PeriodCounts()

    init(calendar: LocalCalendar) {
        self.calendar = calendar
    }

    /// Records that `entry.delivery` goes (or went) out at `entry.at`.
    mutating func take(_ entry: Entry) {
        // Takes happen near the latest instants, most often after all of them.
        if let last = taken.last, last.at > entry.at {
            taken.insert(entry, at: firstIndex(after: entry.at, near: taken.count))
        } else {
            taken.append(entry)
        }
        let day = calendar.day(of: entry.at)
        perDay.add(day)
        perWeek.add(LocalCalendar.week(ofDay: day))
    }

    /// How many taken instants fall on local day `day`.
    func count(day: Int) -> Int { perDay[day] }

    /// How many taken instants fall in ISO week `week`.
    func count(week: Int) -> Int { perWeek[week] }

    /// The latest taken instant strictly between `low` and `high`, if any.
    ///
    /// `hint` is where the caller's last search ended (any value will do): a search walks
    /// forward through time, so the next answer is usually a step or two from the last one.
    func latest(between low: Int64, and high: Int64, hint: inout Int) -> Entry? {
        let index = firstIndex(after: high - 1, near: hint)  // the first entry at or after `high`
        hint = index
        guard index > 0, taken[index - 1].at > low else { return nil }
        return taken[index - 1]
    }

    /// The index of the first taken instant strictly after `instant`.
    ///
    /// The search gallops from `hint` towards the answer (1, 2, 4… entries) before it bisects:
    /// a few steps when the answer is near the hint, a bisection of the whole ledger at worst.
    private func firstIndex(after instant: Int64, near hint: Int) -> Int {
        // The answer lies in low...high.
        var low = 0
        var high = taken.count
        let start = min(max(hint, 0), taken.count)
        var step = 1
        if start < taken.count, taken[start].at <= instant {
            low = start + 1
            while low < high {
                let probe = min(low + step - 1, high - 1)
                if taken[probe].at <= instant {
                    low = probe + 1
                    step *= 2
                } else {
                    high = probe
                    break
                }
            }
        } else {
            high = start
            while low < high {
                let probe = max(high - step, low)
                if taken[probe].at > instant {
                    high = probe
                    step *= 2
                } else {
                    low = probe + 1
                    break
                }
            }
        }
        while low < high {
            let middle = (low + high) / 2
            if taken[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
