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

    private var slots: [Slot]
    private var dayCursor: DayCursor
    private var days: [Int: [Int64]] = [:]
    /// The day the last query fell on (`Int.min`: none yet) and its instants, from `days`.
    private var currentDay = Int.min
    private var current: [Int64] = []
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
        slots = specs.map { spec in
            Slot(elapses: ElapseMemo(spec: spec, calendar: calendar), timesOfDay: spec.timeZone == nil ? Self.timesOfDay(spec) : nil)
        }
    }

    var isEmpty: Bool { slots.isEmpty }

    /// The first slot instant at or after `instant`; nil when no expression elapses again.
    mutating func next(atOrAfter instant: Int64) -> Int64? {
        let day = dayCursor.day(of: instant)
        var best: Int64?
        func consider(_ value: Int64?) {
            if let value, best.map({ value < $0 }) ?? true { best = value }
        }
        if day != currentDay {
            current = instants(onDay: day)
            currentDay = day
        }
        let low = firstIndex(atOrAfter: instant)
        hint = low
        let laterToday = low < current.count
        if laterToday { consider(current[low]) }
        for index in slots.indices {
            if slots[index].timesOfDay == nil {
                consider(slots[index].elapses.next(after: instant - 1))
            } else if !laterToday {
                consider(slots[index].elapses.next(after: dayCursor.start(ofDay: day + 1) - 1))
            }
        }
        return best
    }

    /// The index of the first of `current` at or after `instant`: the hint or the one after it
    /// when either is, else a bisection.
    private func firstIndex(atOrAfter instant: Int64) -> Int {
        for candidate in hint...(hint + 1) where candidate <= current.count {
            if (candidate == current.count || current[candidate] >= instant), candidate == 0 || current[candidate - 1] < instant {
                return candidate
            }
        }
        var low = 0
        var high = current.count
        while low < high {
            let middle = (low + high) / 2
            if current[middle] < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The instants on local day `day` of the expressions that have a table, ascending.
    private mutating func instants(onDay day: Int) -> [Int64] {
        if let known = days[day] { return known }
        let start = dayCursor.start(ofDay: day)
        let end = dayCursor.start(ofDay: day + 1)
        var result: [Int64] = []
        for index in slots.indices {
            guard let times = slots[index].timesOfDay, var elapse = slots[index].elapses.next(after: start - 1), elapse < end else { continue }
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
        days[day] = result
        return result
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
    private static func values(_ components: [CalendarSpec.Component]?, upTo limit: Int) -> [Int]? {
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
