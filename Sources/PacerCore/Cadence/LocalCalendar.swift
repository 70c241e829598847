import Foundation

/// Local days (`ZonedDay` indices) and ISO weeks (week 0 holds 1970-01-01) of one zone, on
/// instants in whole microseconds since the epoch, from the zone's offset table (`ZoneRules`).
struct LocalCalendar {
    let zone: TimeZone
    private let rules: ZoneRules

    static let microsecondsPerSecond: Int64 = 1_000_000
    static let microsecondsPerDay: Int64 = 86_400_000_000

    init(_ zone: TimeZone) {
        self.zone = zone
        rules = ZoneRules.of(zone)
    }

    /// The local day that holds `instant`.
    func day(of instant: Int64) -> Int {
        let seconds = Self.floorDivide(instant, Self.microsecondsPerSecond)
        let local = seconds + Int64(rules.offset(at: seconds).offset)
        return Int(Self.floorDivide(local, 86_400))
    }

    /// The first instant of local day `day`: local midnight, or the first instant after it when
    /// a clock change skips midnight.
    func start(ofDay day: Int) -> Int64 {
        let midnight = Int64(day) * 86_400
        let guess = midnight - Int64(rules.offset(at: midnight - Int64(rules.offset(at: midnight).offset)).offset)
        if self.day(of: guess * Self.microsecondsPerSecond) == day,
           self.day(of: (guess - 1) * Self.microsecondsPerSecond) < day {
            return guess * Self.microsecondsPerSecond
        }
        // Midnight is skipped or repeated: the earliest second whose local day is `day` or later.
        var low = guess - 2 * 86_400
        var high = guess + 2 * 86_400
        while low < high {
            let middle = low + (high - low) / 2
            if self.day(of: middle * Self.microsecondsPerSecond) >= day { high = middle } else { low = middle + 1 }
        }
        return low * Self.microsecondsPerSecond
    }

    /// The ISO week that holds local day `day`.
    static func week(ofDay day: Int) -> Int { Int(floorDivide(Int64(day) + 3, 7)) }

    /// The first day (a Monday) of ISO week `week`.
    static func firstDay(ofWeek week: Int) -> Int { week * 7 - 3 }

    /// `2026-W49`: the ISO week-numbering year and week, as reasons print a week.
    static func label(ofWeek week: Int) -> String {
        let thursday = Int64(firstDay(ofWeek: week) + 3)
        let year = Civil.date(days: thursday).year
        let number = (thursday - Civil.days(year: year, month: 1, day: 1)) / 7 + 1
        return "\(year)-W\(number < 10 ? "0" : "")\(number)"
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// Whole microseconds since the epoch of `date`, to the nearest microsecond.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The `Date` of an instant in microseconds since the epoch.
    static func date(_ microseconds: Int64) -> Date { Timestamp.date(microseconds: microseconds) }
}
