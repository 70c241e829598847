/// A channel's slot instants, found a local day at a time.
///
/// `CalendarSpec.nextElapse` costs microseconds, too much to call for every candidate the
/// planner tries. An expression whose times of day are few (at most 1,440, such as
/// `Mon..Fri 09..16:00/30`) is asked once per local day — "the first elapse of the day" — and on
/// a day of 24 hours its other instants on that day are that day's start plus each time of day.
/// On a day with a clock change, or when the first elapse is not the first time of day, the
/// day's instants are asked one by one. Expressions with many times of day, or naming their own
/// zone, are always asked directly. Every answer is the expression's own next elapse.
struct SlotTable {
    private struct Slot {
        var elapses: ElapseMemo
        /// Microseconds after local midnight of each time of day, ascending; nil when asked directly.
        var timesOfDay: [Int64]?
    }

    /// One local day of the expressions that have a table: their instants on it, ascending, and
    /// the earliest of their elapses at or after its first instant (after the day when it has no
    /// instant; nil when none elapses again).
    private struct Day {
        var instants: [Int64]
        var firstElapse: Int64?
    }

    private var slots: [Slot]
    private let hasTable: Bool
    /// The indices of the expressions asked directly (without a table).
    private let direct: [Int]
    private var dayCursor: DayCursor
    private var days: [Int: Day] = [:]
    /// The day the last query fell on (`Int.min`: none yet) and the one before it, from `days`:
    /// the channels sharing the table search around the same day or two.
    private var current = (day: Int.min, entry: Day(instants: [], firstElapse: nil))
    private var previous = (day: Int.min, entry: Day(instants: [], firstElapse: nil))
    /// Where in `current` the last query's answer was: searches move forward a slot or two.
    private var hint = 0

    static let largestTable = 1_440

    /// What a table's answers depend on: its expressions and its zone. Channels with equal keys
    /// share one table (and the elapse searches behind it) in a plan.
    struct Key: Hashable {
        var specs: [CalendarSpec]
        var zone: String
    }

    init(specs: [CalendarSpec], calendar: LocalCalendar) {
        dayCursor = DayCursor(calendar)
        let slots = specs.map { spec in
            Slot(elapses: ElapseMemo(spec: spec, calendar: calendar), timesOfDay: spec.timeZone == nil ? Self.timesOfDay(spec) : nil)
        }
        self.slots = slots
        hasTable = slots.contains { $0.timesOfDay != nil }
        direct = slots.indices.filter { slots[$0].timesOfDay == nil }
    }

    var isEmpty: Bool { slots.isEmpty }

    /// The first slot instant at or after `instant`; nil when no expression elapses again.
    mutating func next(atOrAfter instant: Int64) -> Int64? {
        // Most often the answer is the instant after the last answer: then it is on the same day.
        if direct.isEmpty, hint + 1 < current.entry.instants.count,
           current.entry.instants[hint] < instant, instant <= current.entry.instants[hint + 1] {
            hint += 1
            return current.entry.instants[hint]
        }
        let day = dayCursor.day(of: instant)
        if day != current.day {
            if day == previous.day {
                swap(&current, &previous)
            } else {
                previous = current
                current = (day, entry(ofDay: day))
            }
        }
        let low = firstIndex(atOrAfter: instant)
        hint = low
        var best: Int64?
        if low < current.entry.instants.count {
            best = current.entry.instants[low]
        } else if hasTable {
            best = entry(ofDay: day + 1).firstElapse
        }
        for index in direct {
            if let value = slots[index].elapses.next(after: instant - 1), best.map({ value < $0 }) ?? true { best = value }
        }
        return best
    }

    /// The index of the first of the current day's instants at or after `instant`: the hint or
    /// the one after it when either is, else a bisection.
    private func firstIndex(atOrAfter instant: Int64) -> Int {
        let instants = current.entry.instants
        for candidate in hint...(hint + 1) where candidate <= instants.count {
            if (candidate == instants.count || instants[candidate] >= instant), candidate == 0 || instants[candidate - 1] < instant {
                return candidate
            }
        }
        var low = 0
        var high = instants.count
        while low < high {
            let middle = (low + high) / 2
            if instants[middle] < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Local day `day` of the expressions that have a table, from `days` or worked out and kept.
    private mutating func entry(ofDay day: Int) -> Day {
        if let known = days[day] { return known }
        let start = dayCursor.start(ofDay: day)
        let end = dayCursor.start(ofDay: day + 1)
        var result: [Int64] = []
        var first: Int64?
        for index in slots.indices {
            guard let times = slots[index].timesOfDay, var elapse = slots[index].elapses.next(after: start - 1) else { continue }
            if first.map({ elapse < $0 }) ?? true { first = elapse }
            guard elapse < end else { continue }
            if end - start == LocalCalendar.microsecondsPerDay, elapse == start + times[0] {
                result.append(contentsOf: times.map { start + $0 })
            } else {
                var spec = slots[index].elapses
                while elapse < end {
                    result.append(elapse)
                    guard let following = spec.next(after: elapse) else { break }
                    elapse = following
                }
            }
        }
        result.sort()
        let entry = Day(instants: result, firstElapse: first)
        days[day] = entry
        return entry
    }

    /// The times of day an expression elapses at, in microseconds after midnight; nil when
    /// there are more than ``largestTable``.
    private static func timesOfDay(_ spec: CalendarSpec) -> [Int64]? {
        guard let hours = values(spec.hour, upTo: 23), let minutes = values(spec.minute, upTo: 59),
              let seconds = spec.second.flatMap({ values($0, upTo: 59_999_999) }),
              !hours.isEmpty, !minutes.isEmpty, !seconds.isEmpty,
              hours.count * minutes.count * seconds.count <= largestTable
        else { return nil }
        var times: [Int64] = []
        for hour in hours {
            for minute in minutes {
                for second in seconds { times.append(Int64(hour * 3600 + minute * 60) * 1_000_000 + Int64(second)) }
            }
        }
        return times.sorted()
    }

    /// The values in `0...limit` a field's list matches (the rules of systemd's
    /// `find_matching_component`; `*` is every value); nil when there are more than ``largestTable``.
    /// ``Blackout`` reads its hours and minutes with it too.
    static func values(_ components: [CalendarSpec.Component]?, upTo limit: Int) -> [Int]? {
        guard let components else { return limit < largestTable ? Array(0...limit) : nil }
        var result = Set<Int>()
        for component in components where component.start <= limit {
            guard component.repeatEvery > 0 else {
                result.insert(component.start)
                continue
            }
            let stop = component.stop < 0 ? limit : min(component.stop, limit)
            guard (stop - component.start) / component.repeatEvery < largestTable else { return nil }
            for value in stride(from: component.start, through: stop, by: component.repeatEvery) { result.insert(value) }
        }
        return result.sorted()
    }
}
