/// The instants taken in one scope (a channel, or the account), history and planned, sorted for
/// the gap check, with counts per local day and ISO week for the caps.
struct Ledger {
    /// One taken instant: when (µs since the epoch), which delivery, on which channel (an index
    /// into the planner's channel names).
    struct Entry: Sendable {
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

    /// The index of the first taken instant strictly after `instant`. Searches work at the latest
    /// instants, so the last one is looked at first.
    private func firstIndex(after instant: Int64) -> Int {
        if let last = taken.last, last.at <= instant { return taken.count }
        var low = 0
        var high = taken.count
        while low < high {
            let middle = (low + high) / 2
            if taken[middle].at <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
