/// systemd 252's `find_next()`: the next elapse of a calendar expression, searched field by
/// field on wall-clock time, with every normalisation done by glibc-style `mktime` so that
/// daylight-saving changes are handled exactly as systemd handles them.
///
/// systemd 252 can get stuck near a clock change ("Infinite loop in calendar calculation",
/// https://bugzilla.redhat.com/show_bug.cgi?id=1941335): after a field overflows into a period
/// with another UTC offset it keeps the stale daylight-saving flag, reads the reset time an hour
/// early and overflows again. Where systemd gives up, this search runs once more with the flag
/// cleared and returns that answer instead of nothing.
struct ElapseSearch {
    typealias Component = CalendarSpec.Component

    enum Outcome: Equatable {
        case elapse(Int64)
        case never
        /// systemd would report "Infinite loop in calendar calculation" here.
        case stuck
    }

    static let maximumIterations = 1000
    static let microsecondsPerSecond = 1_000_000

    let spec: CalendarSpec
    var clock: WallClock
    /// Clear the daylight-saving flag after a normalisation resets the lower fields
    /// (the repair for systemd's infinite loop).
    let clearsStaleFlag: Bool

    /// The elapse after `base` (µs since the epoch), or nil when there is none.
    ///
    /// systemd's answer, except where systemd has none or a wrong one: when it would loop, or
    /// when a reset into a clock change reads a time that does not exist with a stale flag and
    /// lands at or before `base`, the search with the flag cleared answers instead.
    static func next(of spec: CalendarSpec, after base: Int64, rules: ZoneRules) -> Int64? {
        switch outcome(of: spec, after: base, rules: rules, repaired: false) {
        case .elapse(let value) where value > base: return value
        case .never: return nil
        case .elapse, .stuck:
            if case .elapse(let value) = outcome(of: spec, after: base, rules: rules, repaired: true), value > base {
                return value
            }
            return nil
        }
    }

    /// What systemd 252 answers (`repaired: false`), or the repaired search.
    static func outcome(of spec: CalendarSpec, after base: Int64, rules: ZoneRules, repaired: Bool) -> Outcome {
        var search = ElapseSearch(spec: spec, clock: WallClock(rules: rules, isUTC: spec.isUTC), clearsStaleFlag: repaired)
        return search.run(after: base)
    }

    private mutating func run(after base: Int64) -> Outcome {
        guard base >= 0, base <= Timestamp.latest else { return .never }
        let u = base + 1
        var tm = clock.localTime(u / Int64(Self.microsecondsPerSecond))
        var micros = Int(u % Int64(Self.microsecondsPerSecond))
        switch findNext(&tm, &micros) {
        case .stuck: return .stuck
        case .never: return .never
        case .found:
            guard let t = clock.makeTime(&tm), t >= 0 else { return .never }
            return .elapse(t * Int64(Self.microsecondsPerSecond) + Int64(micros))
        }
    }

    private enum Search { case found, never, stuck }

    private mutating func findNext(_ tm: inout BrokenDownTime, _ micros: inout Int) -> Search {
        var c = tm
        var usec = micros
        for _ in 0..<Self.maximumIterations {
            _ = clock.makeTime(&c)
            c.isDST = -1

            var r = match(spec.year, c, &c.year)
            if r > 0 { c.month = 0; c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; usec = 0 }
            if r < 0 { return .never }
            if withinBounds(&c) <= 0 { return .never }

            var month = c.month + 1
            r = match(spec.month, c, &month)
            c.month = month - 1
            if r > 0 { c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; usec = 0 }
            if r >= 0 { r = withinBounds(&c) }
            if r < 0 { c.year += 1; c.month = 0; c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; usec = 0; continue }
            if r == 0 { continue }

            r = match(spec.day, c, &c.day, countsFromMonthEnd: spec.endOfMonth)
            if r > 0 { c.hour = 0; c.minute = 0; c.second = 0; usec = 0 }
            if r >= 0 { r = withinBounds(&c) }
            if r < 0 { c.month += 1; c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; usec = 0; continue }
            if r == 0 { continue }

            if !matchesWeekday(c) { c.day += 1; c.hour = 0; c.minute = 0; c.second = 0; usec = 0; continue }

            r = match(spec.hour, c, &c.hour)
            if r > 0 { c.minute = 0; c.second = 0; usec = 0 }
            if r >= 0 { r = withinBounds(&c) }
            if r < 0 { c.day += 1; c.hour = 0; c.minute = 0; c.second = 0; usec = 0; continue }
            if r == 0 { continue }

            r = match(spec.minute, c, &c.minute)
            if r > 0 { c.second = 0; usec = 0 }
            if r >= 0 { r = withinBounds(&c) }
            if r < 0 { c.hour += 1; c.minute = 0; c.second = 0; usec = 0; continue }
            if r == 0 { continue }

            var combined = c.second * Self.microsecondsPerSecond + usec
            r = match(spec.second, c, &combined)
            usec = combined % Self.microsecondsPerSecond
            c.second = combined / Self.microsecondsPerSecond
            if r >= 0 { r = withinBounds(&c) }
            if r < 0 { c.minute += 1; c.second = 0; usec = 0; continue }
            if r == 0 { continue }

            tm = c
            micros = usec
            return .found
        }
        return .stuck
    }

    /// systemd's `find_matching_component()`: the earliest value ≥ `value` in the list; 1 when
    /// it moved, 0 when `value` already matched, -1 when nothing in the list is that late.
    private mutating func match(
        _ chain: [Component]?, _ tm: BrokenDownTime, _ value: inout Int, countsFromMonthEnd endOfMonth: Bool = false
    ) -> Int {
        guard let chain else { return 0 }
        var best: Int?
        for c in chain {
            var start = c.start
            var stop = c.stop
            if endOfMonth {
                start = lastDays(tm, c.start)
                stop = lastDays(tm, c.stop)
                if stop > 0 { swap(&start, &stop) }
            }
            if start >= value {
                if best == nil || start < best! { best = start }
            } else if c.repeatEvery > 0 {
                let k = start + c.repeatEvery * ((value - start + c.repeatEvery - 1) / c.repeatEvery)
                if (best == nil || k < best!) && (stop < 0 || k <= stop) { best = k }
            }
        }
        guard let best else { return -1 }
        defer { value = best }
        return value != best ? 1 : 0
    }

    /// systemd's `find_end_of_month()`: the day of the month that is `day` days before the next
    /// month's first (day 1 is the last day), or -1.
    private mutating func lastDays(_ tm: BrokenDownTime, _ day: Int) -> Int {
        var t = tm
        t.month += 1
        t.day = 1 - day
        guard clock.makeTime(&t) != nil, t.month == tm.month else { return -1 }
        return t.day
    }

    /// systemd's `tm_within_bounds()`: 1 when `tm` is a real time, 0 when normalising moved it
    /// forward (then `tm` is the normalised time with the fields below the first changed one
    /// reset), negative when the year is past 2199 or normalising went backwards.
    private mutating func withinBounds(_ tm: inout BrokenDownTime) -> Int {
        if tm.year > CalendarNormalizer.lastYear { return -1 }
        var t = tm
        guard let seconds = clock.makeTime(&t), seconds >= 0 else { return -1 }
        let order: Int
        if t.year != tm.year {
            order = t.year < tm.year ? -1 : 1
            t.month = 0
        } else if t.month != tm.month {
            order = t.month < tm.month ? -1 : 1
            t.day = 1
        } else if t.day != tm.day {
            order = t.day < tm.day ? -1 : 1
            t.hour = 0
        } else if t.hour != tm.hour {
            order = t.hour < tm.hour ? -1 : 1
            t.minute = 0
        } else if t.minute != tm.minute {
            order = t.minute < tm.minute ? -1 : 1
            t.second = 0
        } else {
            order = t.second == tm.second ? 0 : (t.second < tm.second ? -1 : 1)
        }
        if order < 0 { return -1 }
        if order > 0 {
            if clearsStaleFlag { t.isDST = -1 }
            tm = t
            return 0
        }
        return 1
    }

    private mutating func matchesWeekday(_ tm: BrokenDownTime) -> Bool {
        if spec.weekdays < 0 || spec.weekdays >= 127 { return true }
        var t = tm
        guard clock.makeTime(&t) != nil else { return false }
        let k = t.weekday == 0 ? 6 : t.weekday - 1
        return spec.weekdays & (1 << k) != 0
    }
}
