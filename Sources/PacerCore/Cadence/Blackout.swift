/// One `blackout` expression, read as the stretches of time it blocks: each local day it elapses
/// on when its time part is `00:00:00` (a **day pattern**: `Sat,Sun`), else the minute at each
/// elapse (`18..23:*`). Blocked minutes or days with no room for the channel's window between
/// them are one stretch, passed at once: `*-*-* *:*` is one stretch, not a minute at a time.
struct Blackout {
    private var elapses: ElapseMemo
    private let days: LocalCalendar
    private let blocksDays: Bool
    /// The channel's jitter window: blocked minutes or days less than this apart are one stretch.
    private let window: Int64
    /// An instant pattern's stretches on a 24-hour day its date part matches, as microseconds after
    /// the day's start, ascending (the last may end after the day); empty for a day pattern.
    private let dayStretches: [Stretch]

    private struct Stretch {
        var start: Int64
        var end: Int64
    }

    static let minute: Int64 = 60_000_000

    init(spec: CalendarSpec, channelCalendar: LocalCalendar, window: Int64) {
        let calendar = spec.timeZone.map(LocalCalendar.init) ?? channelCalendar
        elapses = ElapseMemo(spec: spec, calendar: calendar)
        days = calendar
        blocksDays = Self.blocksDays(spec)
        self.window = window
        dayStretches = blocksDays ? [] : Self.dayStretches(spec, window: window)
    }

    /// Whether `spec` is a day pattern: its time part is exactly `00:00:00`.
    private static func blocksDays(_ spec: CalendarSpec) -> Bool {
        let midnight = [CalendarSpec.Component(start: 0)]
        return spec.hour == midnight && spec.minute == midnight && spec.second == midnight
    }

    /// The expression as reasons print it: its normalised form, without ` 00:00:00` for a day pattern.
    static func label(of spec: CalendarSpec) -> String {
        let normalized = spec.normalized
        return blocksDays(spec) && normalized.hasSuffix(" 00:00:00") ? String(normalized.dropLast(9)) : normalized
    }

    /// An instant pattern's stretches on a day of 24 hours that its date part matches: they follow
    /// from the hours, the minutes and the first and last second alone.
    private static func dayStretches(_ spec: CalendarSpec, window: Int64) -> [Stretch] {
        let everySecond = [CalendarSpec.Component(start: 0, repeatEvery: 1_000_000)]
        guard let hours = SlotTable.values(spec.hour, upTo: 23), let minutes = SlotTable.values(spec.minute, upTo: 59),
              let seconds = secondsRange(spec.second ?? everySecond)
        else { return [] }
        var stretches: [Stretch] = []
        for hour in hours {
            for minute in minutes {
                let start = Int64(hour * 60 + minute) * Self.minute + seconds.first
                let end = start - seconds.first + seconds.last + Self.minute
                if let last = stretches.last, start <= last.end + window {
                    stretches[stretches.count - 1].end = max(last.end, end)
                } else {
                    stretches.append(Stretch(start: start, end: end))
                }
            }
        }
        return stretches
    }

    /// The first and the last second (in microseconds) a seconds list matches within a minute;
    /// nil when it matches none.
    private static func secondsRange(_ components: [CalendarSpec.Component]) -> (first: Int64, last: Int64)? {
        let limit = 59_999_999
        var range: (first: Int64, last: Int64)?
        for component in components where component.start <= limit {
            var last = component.start
            if component.repeatEvery > 0 {
                let stop = component.stop < 0 ? limit : min(component.stop, limit)
                if stop > component.start { last += (stop - component.start) / component.repeatEvery * component.repeatEvery }
            }
            range = (min(range?.first ?? Int64(component.start), Int64(component.start)), max(range?.last ?? Int64(last), Int64(last)))
        }
        return range
    }

    /// The last query that met no blocked minute or day started at `clearSince`, and the next one
    /// begins at `clearUntil` (`Int64.max`: none): a query between them meets none either.
    private var clearSince = Int64.max
    private(set) var clearUntil = Int64.min

    /// The elapse that begins the first blocked minute or day meeting `[start, end]`; nil if none
    /// does (then ``clearUntil`` is where the next one begins).
    private mutating func firstBlocked(from start: Int64, through end: Int64) -> Int64? {
        if start >= clearSince, end < clearUntil { return nil }
        let found = if blocksDays {
            elapses.next(after: days.start(ofDay: days.day(of: start)) - 1)
        } else {
            elapses.next(after: start - Self.minute)
        }
        guard let elapse = found, elapse <= end else {
            clearSince = start
            clearUntil = found ?? .max
            return nil
        }
        return elapse
    }

    /// The end of the minute or day that begins at `elapse`.
    private func blockEnd(_ elapse: Int64) -> Int64 {
        blocksDays ? days.start(ofDay: days.day(of: elapse) + 1) : elapse + Self.minute
    }

    /// Whether a blocked minute or day meets `[start, end]`.
    mutating func blocks(from start: Int64, through end: Int64) -> Bool {
        firstBlocked(from: start, through: end) != nil
    }

    /// Where a search whose window `[start, end]` meets this blackout gets past it: the end of the
    /// stretch, or the first end of a blocked minute or day at or after `limit`, or where `steps`
    /// (one per minute, day or stretch passed) run out; nil if the window meets none.
    mutating func blockedUntil(from start: Int64, through end: Int64, stoppingAt limit: Int64, steps: inout Int) -> Int64? {
        guard var elapse = firstBlocked(from: start, through: end) else { return nil }
        var until = blockEnd(elapse)
        while until < limit, steps > 0 {
            steps -= 1
            if let dayEnd = dayStretchEnd(containing: elapse), dayEnd > until {
                guard dayEnd < limit else {
                    // The first stop at or after `limit` ends the minute of an elapse in this stretch.
                    return (elapses.next(after: limit - Self.minute - 1) ?? elapse) + Self.minute
                }
                until = dayEnd
            }
            guard let next = firstBlocked(from: until, through: until + window) else { break }
            elapse = next
            until = blockEnd(next)
        }
        return until
    }

    /// The end of the day stretch that holds the minute beginning at `elapse`, when its local day
    /// has 24 hours and matches the expression's date part; nil otherwise (minutes one by one).
    private mutating func dayStretchEnd(containing elapse: Int64) -> Int64? {
        guard let first = dayStretches.first else { return nil }
        let day = days.day(of: elapse)
        let dayStart = days.start(ofDay: day)
        guard days.start(ofDay: day + 1) - dayStart == LocalCalendar.microsecondsPerDay else { return nil }
        let offset = elapse - dayStart
        var low = 0
        var high = dayStretches.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if dayStretches[middle].start <= offset { low = middle } else { high = middle }
        }
        let end = dayStart + dayStretches[low].end
        guard end > elapse + Self.minute, elapses.next(after: dayStart - 1) == dayStart + first.start else { return nil }
        return end
    }
}
