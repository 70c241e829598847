/// One `blackout` expression, read as the stretches of time it blocks.
///
/// An expression whose time part is exactly `00:00:00` (what a date-only or weekday-only
/// expression such as `*-12-24..26` or `Sat,Sun` normalises to) is a **day pattern**: it blocks
/// every local day it elapses on, from that day's first instant to the next day's. Any other
/// expression is an **instant pattern**: it blocks the minute that begins at each elapse, so
/// `*-*-* 18..23:*` blocks 18:00 to midnight. Days are those of the zone the expression names,
/// else the channel's.
struct Blackout {
    private var elapses: ElapseMemo
    private var days: DayCursor
    private let blocksDays: Bool

    static let minute: Int64 = 60_000_000

    init(spec: CalendarSpec, channelCalendar: LocalCalendar) {
        let calendar = spec.timeZone.map(LocalCalendar.init) ?? channelCalendar
        elapses = ElapseMemo(spec: spec, calendar: calendar)
        days = DayCursor(calendar)
        blocksDays = Self.blocksDays(spec)
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

    /// The last query that met no blocked stretch started at `clearSince`, and the expression's
    /// first elapse after it was `clearUntil` (`Int64.max`: none): a query starting at or after
    /// `clearSince` and ending before `clearUntil` meets none either (the elapse it would find is
    /// that same one).
    private var clearSince = Int64.max
    private var clearUntil = Int64.min

    /// The end of the first blocked stretch that meets `[from, through]`, or nil if none does.
    mutating func blockedUntil(from start: Int64, through end: Int64) -> Int64? {
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
        return blocksDays ? days.start(ofDay: days.day(of: elapse) + 1) : elapse + Self.minute
    }
}
