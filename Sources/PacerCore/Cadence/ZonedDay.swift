import Foundation

/// A calendar day in a time zone, numbered as days since 1970-01-01 in that zone.
///
/// Budgets such as `max_per_day` count per local day; this type turns instants into
/// local days and back without Foundation's `Calendar` (which is slow on the planner's hot path).
public struct ZonedDay: Sendable, Hashable, Comparable {
    /// Days since 1970-01-01 in the local calendar.
    public var index: Int

    public init(index: Int) {
        self.index = index
    }

    /// The local day that contains `instant` in `timeZone`.
    public init(containing instant: Date, in timeZone: TimeZone) {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        index = Int((local / 86_400).rounded(.down))
    }

    public static func < (lhs: ZonedDay, rhs: ZonedDay) -> Bool { lhs.index < rhs.index }

    /// The day after this one.
    public var next: ZonedDay { ZonedDay(index: index + 1) }

    /// The first instant of this day in `timeZone` (local midnight, or the first instant after it
    /// when a daylight-saving change skips midnight).
    public func start(in timeZone: TimeZone) -> Date {
        let localMidnight = Double(index) * 86_400
        var guess = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localMidnight))))
        guess = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(for: guess)))
        if ZonedDay(containing: guess, in: timeZone) < self,
           let transition = timeZone.nextDaylightSavingTimeTransition(after: guess) {
            return transition
        }
        return guess
    }

    /// The proleptic Gregorian date of this day.
    public var civil: (year: Int, month: Int, day: Int) {
        // Days-to-civil after Howard Hinnant's public-domain algorithm description.
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

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
