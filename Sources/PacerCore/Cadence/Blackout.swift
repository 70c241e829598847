/// One `blackout` expression, read as the stretches of time it blocks.
///
/// An expression whose time part is exactly `00:00:00` (what a date-only or weekday-only
/// expression such as `*-12-24..26` or `Sat,Sun` normalises to) is a **day pattern**: it blocks
/// every local day it elapses on, from that day's first instant to the next day's. Any other
/// expression is an **instant pattern**: it blocks the minute that begins at each elapse, so
/// `*-*-* 18..23:*` blocks 18:00 to midnight. Days are those of the zone the expression names,
/// else the channel's.
///
/// Blocked minutes or days that follow each other with no room for the channel's window between
/// them are one **stretch**, and a search is taken past a stretch at once: `*-*-* *:*` is one
/// stretch from the first minute to the end of time, not a minute at a time.
struct Blackout {
    private var elapses: ElapseMemo
    private var days: DayCursor
    private let blocksDays: Bool
    /// The channel's jitter window: blocked minutes or days less than this apart are one stretch.
    private let window: Int64
    /// An instant pattern's stretches on a local day of 24 hours that its date part matches, as
    /// microseconds after the day's first instant, ascending (the last may end after the day);
    /// empty for a day pattern.
    private let dayStretches: [Stretch]

    private struct Stretch {
        var start: Int64
        var end: Int64
    }

    static let minute: Int64 = 60_000_000

    init(spec: CalendarSpec, channelCalendar: LocalCalendar, window: Int64) {
        let calendar = spec.timeZone.map(LocalCalendar.init) ?? channelCalendar
        elapses = ElapseMemo(spec: spec, calendar: calendar)
        days = DayCursor(calendar)
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

    /// An instant pattern's stretches on a day of 24 hours that its date part matches. The minute
    /// `h:m` blocks from its first second's elapse to a minute after its last second's, and the
    /// seconds are the same in every minute: so the stretches follow from the hours, the minutes
    /// and the first and last second alone, whatever the number of elapses.
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

    /// The last query that met no blocked minute or day started at `clearSince`, and the next
    /// blocked one begins at `clearUntil` (`Int64.max`: none): a query starting at or after
    /// `clearSince` and ending before `clearUntil` meets none either (the elapse it would find is
    /// that same one).
    private var clearSince = Int64.max
    private(set) var clearUntil = Int64.min

    /// The elapse that begins the first blocked minute or day meeting `[start, end]`; nil if none
    /// does (then ``clearUntil`` is where the next one begins).
    ///
    /// Always inlined: most windows a search tries meet no blackout, and the memo answers them.
    @inline(__always)
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
    private mutating func blockEnd(_ elapse: Int64) -> Int64 {
        blocksDays ? days.start(ofDay: days.day(of: elapse) + 1) : elapse + Self.minute
    }

    /// Whether a blocked minute or day meets `[start, end]`.
    mutating func blocks(from start: Int64, through end: Int64) -> Bool {
        firstBlocked(from: start, through: end) != nil
    }

    /// Where a search whose window `[start, end]` meets this blackout gets past it; nil if the
    /// window meets no blocked minute or day.
    ///
    /// That is the end of the whole stretch, unless the search, taken a blocked minute or day at
    /// a time, would stop somewhere in it first: at the first such stop at or after `limit` (where
    /// an earlier-listed blackout begins to meet the window, so that the reasons name the
    /// blackouts as they always did), or wherever `steps` run out (one per minute, day or
    /// stretch passed). A search taken a minute at a time stops at the end of every blocked
    /// minute, and a day at a time at the end of every blocked day.
    @inline(__always)
    mutating func blockedUntil(from start: Int64, through end: Int64, stoppingAt limit: Int64, steps: inout Int) -> Int64? {
        guard let elapse = firstBlocked(from: start, through: end) else { return nil }
        return stretchEnd(from: elapse, stoppingAt: limit, steps: &steps)
    }

    /// ``blockedUntil(from:through:stoppingAt:steps:)`` from the first blocked minute or day met,
    /// beginning at `elapse`.
    @inline(never)
    private mutating func stretchEnd(from first: Int64, stoppingAt limit: Int64, steps: inout Int) -> Int64 {
        var elapse = first
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
    /// has 24 hours and matches the expression's date part; nil otherwise (then the minutes are
    /// taken one by one). The date part is checked (an elapse search) only when the stretch is
    /// longer than that minute.
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
