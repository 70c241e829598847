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
        taken.insert(entry, at: firstIndex(after: entry.at))
        let day = calendar.day(of: entry.at)
        perDay.add(day)
        perWeek.add(LocalCalendar.week(ofDay: day))
    }

    /// How many taken instants fall on local day `day`.
    func count(day: Int) -> Int { perDay[day] }

    /// How many taken instants fall in ISO week `week`.
    func count(week: Int) -> Int { perWeek[week] }

    /// The latest taken instant strictly between `low` and `high`, if any.
    func latest(between low: Int64, and high: Int64) -> Entry? {
        let index = firstIndex(after: high - 1)  // the first entry at or after `high`
        guard index > 0, taken[index - 1].at > low else { return nil }
        return taken[index - 1]
    }

    /// The index of the first taken instant strictly after `instant`.
    ///
    /// Searches and takes happen near the latest instants, so the search gallops back from the
    /// end (1, 2, 4… entries) before it bisects: a few steps instead of a bisection of the whole
    /// ledger.
    private func firstIndex(after instant: Int64) -> Int {
        var high = taken.count
        var step = 1
        while high > 0, taken[high - 1].at > instant {
            let next = max(high - step, 0)
            if taken[next].at > instant {
                high = next
                step *= 2
            } else {
                break
            }
        }
        // taken[high...] are all after `instant`; the answer lies in max(high - step, 0)...high.
        var low = max(high - step, 0)
        while low < high {
            let middle = (low + high) / 2
            if taken[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
