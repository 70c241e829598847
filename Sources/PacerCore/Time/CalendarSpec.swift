import Foundation

/// A systemd.time(7) calendar event such as `Tue..Thu 08:30`, `Mon..Fri 09..16:00/30`,
/// `*-02~1`, `quarterly` or `2026-12-01 09:00 Europe/Berlin`.
///
/// Parsing, the normalised form and the next elapse follow systemd 252 exactly, including its
/// daylight-saving behaviour; see `docs/time-syntax.md` for the deliberate differences.
public struct CalendarSpec: Hashable, Sendable, CustomStringConvertible {
    /// One item of a comma-separated list: `start`, `start..stop`, `start/repeat`,
    /// `start..stop/repeat`. Seconds are held in microseconds. `stop` is -1 when absent.
    struct Component: Hashable, Sendable, Comparable {
        var start: Int
        var stop: Int = -1
        var repeatEvery: Int = 0

        static func < (a: Component, b: Component) -> Bool {
            (a.start, a.stop, a.repeatEvery) < (b.start, b.stop, b.repeatEvery)
        }
    }

    /// Weekdays as bits, Monday = bit 0; -1 when any weekday matches.
    var weekdays: Int = -1
    /// Whether the day list counts back from the end of the month (`~`).
    var endOfMonth = false
    /// Whether the expression ends in `UTC`.
    var isUTC = false
    /// The IANA zone the expression names, if any.
    var zoneName: String?
    /// Each field's list, sorted and without duplicates; nil means `*`.
    var year: [Component]?
    var month: [Component]?
    var day: [Component]?
    var hour: [Component]?
    var minute: [Component]?
    var second: [Component]?

    /// Reads a calendar expression; invalid ones are refused with the column and what was
    /// expected there.
    public static func parse(_ text: String) throws(TimeSyntaxError) -> CalendarSpec {
        switch CalendarParser(text: text).parse() {
        case .success(let spec): return spec
        case .failure(let failure):
            throw .at(utf8Offset: failure.offset, in: text, subject: "calendar expression", expected: failure.expected)
        }
    }

    /// The normalised form, as `systemd-analyze calendar` prints after "Normalized form:".
    public var normalized: String { CalendarFormatter.format(self) }

    /// The normalised form.
    public var description: String { normalized }

    /// The zone the expression names itself (`… Europe/Berlin`, or UTC for `… UTC`), if any.
    public var timeZone: TimeZone? {
        if isUTC { return TimeZone(identifier: "UTC") }
        return zoneName.flatMap { TimeZone(identifier: $0) }
    }

    /// First elapse strictly after `date`; nil when it never elapses. `timeZone` is used unless
    /// the expression names its own zone.
    public func nextElapse(after date: Date, in timeZone: TimeZone) -> Date? {
        nextElapse(afterMicroseconds: Timestamp.microseconds(of: date), in: timeZone).map {
            Timestamp.date(microseconds: $0)
        }
    }

    /// ``nextElapse(after:in:)`` in whole microseconds since the epoch.
    public func nextElapse(afterMicroseconds base: Int64, in timeZone: TimeZone) -> Int64? {
        let rules = ZoneRules.of(zoneName.flatMap { TimeZone(identifier: $0) } ?? timeZone)
        return ElapseSearch.next(of: self, after: base, rules: rules)
    }

    /// The next `count` elapses after `date`, each strictly after the one before (fewer when the
    /// expression stops elapsing).
    public func nextElapses(after date: Date, count: Int, in timeZone: TimeZone) -> [Date] {
        let rules = ZoneRules.of(zoneName.flatMap { TimeZone(identifier: $0) } ?? timeZone)
        var result: [Date] = []
        var base = Timestamp.microseconds(of: date)
        while result.count < count, let next = ElapseSearch.next(of: self, after: base, rules: rules) {
            result.append(Timestamp.date(microseconds: next))
            base = next
        }
        return result
    }
}
