import Foundation

/// A calendar day in a time zone, numbered as days since 1970-01-01 in that zone.
///
/// Budgets such as `max_per_day` count per local day; this type turns instants into local days
/// and back with the zone's cached offset table (`ZoneRules`), not Foundation's `Calendar`, which
/// is slow on the planner's hot path.
public struct ZonedDay: Sendable, Hashable, Comparable {
    /// Days since 1970-01-01 in the local calendar.
    public var index: Int

    public init(index: Int) {
        self.index = index
    }

    /// The local day that contains `instant` in `timeZone`.
    public init(containing instant: Date, in timeZone: TimeZone) {
        let seconds = instant.timeIntervalSince1970.rounded(.down)
        let local = seconds + Double(ZoneRules.of(timeZone).offset(at: Int64(seconds)).offset)
        index = Int((local / 86_400).rounded(.down))
    }

    public static func < (lhs: ZonedDay, rhs: ZonedDay) -> Bool { lhs.index < rhs.index }

    /// The day after this one.
    public var next: ZonedDay { ZonedDay(index: index + 1) }

    /// The first instant of this day in `timeZone` (local midnight, or the first instant after it
    /// when a daylight-saving change skips midnight).
    public func start(in timeZone: TimeZone) -> Date {
        let rules = ZoneRules.of(timeZone)
        let localMidnight = Int64(index) * 86_400
        var guess = localMidnight - Int64(rules.offset(at: localMidnight).offset)
        guess = localMidnight - Int64(rules.offset(at: guess).offset)
        let start = Date(timeIntervalSince1970: Double(guess))
        if ZonedDay(containing: start, in: timeZone) < self,
           let transition = timeZone.nextDaylightSavingTimeTransition(after: start) {
            return transition
        }
        return start
    }

    /// The proleptic Gregorian date of this day.
    public var civil: (year: Int, month: Int, day: Int) { Civil.date(days: Int64(index)) }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var isoWeekdayIndex: Int { ((index % 7) + 7 + 3) % 7 }

    /// `Tue 2026-12-01`, as reasons and tables print a day.
    public var label: String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let (year, month, day) = civil
        return "\(names[isoWeekdayIndex]) \(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
