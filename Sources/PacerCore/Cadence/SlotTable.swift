/// A channel's slot instants, found a local day at a time: an expression with at most 1,440
/// times of day is asked for its first elapse of the day, and on a day of 24 hours the others
/// follow from its times of day. Other days, and other expressions, are asked elapse by elapse.
struct SlotTable {
    private struct Slot {
        var elapses: ElapseMemo
        /// Microseconds after local midnight of each time of day, ascending; nil when asked directly.
        var timesOfDay: [Int64]?
    }

    /// One local day of the expressions that have a table: their instants on it, ascending, and
    /// the earliest of their elapses from its start on (nil when none elapses again).
    private struct Day {
        var instants: [Int64]
        var firstElapse: Int64?
    }

    private var slots: [Slot]
    private let hasTable: Bool
    /// The indices of the expressions asked directly (without a table).
    private let direct: [Int]
    private let calendar: LocalCalendar
    private var days: [Int: Day] = [:]

    static let largestTable = 1_440

    /// What a table's answers depend on: its expressions and its zone. Channels with equal keys
    /// share one table in a plan.
    struct Key: Hashable {
        var specs: [CalendarSpec]
        var zone: String
    }

    init(specs: [CalendarSpec], calendar: LocalCalendar) {
        self.calendar = calendar
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
        let day = calendar.day(of: instant)
        let instants = entry(ofDay: day).instants
        var low = 0
        var high = instants.count
        while low < high {
            let middle = (low + high) / 2
            if instants[middle] < instant { low = middle + 1 } else { high = middle }
        }
        var best: Int64?
        if low < instants.count {
            best = instants[low]
        } else if hasTable {
            best = entry(ofDay: day + 1).firstElapse
        }
        for index in direct {
            if let value = slots[index].elapses.next(after: instant - 1), best.map({ value < $0 }) ?? true { best = value }
        }
        return best
    }

    /// Local day `day` of the expressions that have a table, from `days` or worked out and kept.
    private mutating func entry(ofDay day: Int) -> Day {
        if let known = days[day] { return known }
        let start = calendar.start(ofDay: day)
        let end = calendar.start(ofDay: day + 1)
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

    /// The values in `0...limit` a field's list matches (systemd's `find_matching_component`; `*`
    /// is every value); nil when there are more than ``largestTable``.
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
