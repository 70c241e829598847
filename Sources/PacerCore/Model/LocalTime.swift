import Foundation

/// Instants as people read them, in a given zone: `Tue 08:30`, `Tue 2026-12-01 08:30`, `in 3 min`.
public enum LocalTime {
    /// `Tue 08:30`.
    public static func short(_ instant: Date, in timeZone: TimeZone) -> String {
        let (day, hour, minute) = split(instant, timeZone)
        return "\(weekdayNames[day.isoWeekdayIndex]) \(pad(hour)):\(pad(minute))"
    }

    /// `Tue 2026-12-01 08:30`.
    public static func full(_ instant: Date, in timeZone: TimeZone) -> String {
        let (day, hour, minute) = split(instant, timeZone)
        return "\(day.label) \(pad(hour)):\(pad(minute))"
    }

    /// `Tue 2026-12-01 08:30` at a UTC offset the caller looked up: what `pacer` uses for the few
    /// instants it shows, with `TimeZone.secondsFromGMT(for:)`, rather than build the zone's table of
    /// transitions (``ZoneRules``), which pays off only over the planner's many conversions.
    public static func full(_ instant: Date, utcOffset: Int) -> String {
        let (day, hour, minute) = split(instant, utcOffset: utcOffset)
        return "\(day.label) \(pad(hour)):\(pad(minute))"
    }

    /// `in 3 min`, `2 h ago`, `now` — the distance from `now`, rounded to one unit.
    public static func relative(_ instant: Date, to now: Date) -> String {
        let seconds = instant.timeIntervalSince(now)
        let magnitude = abs(seconds)
        let amount: String
        switch magnitude {
        case ..<1: return "now"
        case ..<60: amount = "\(Int(magnitude)) s"
        case ..<3600: amount = "\(Int((magnitude / 60).rounded())) min"
        case ..<172_800: amount = "\(Int((magnitude / 3600).rounded())) h"
        default: amount = "\(Int((magnitude / 86_400).rounded())) d"
        }
        return seconds > 0 ? "in \(amount)" : "\(amount) ago"
    }

    /// The ISO weekday (0 = Monday … 6 = Sunday) and the hour (0…23) of `instant` in `timeZone`.
    public static func weekdayAndHour(_ instant: Date, in timeZone: TimeZone) -> (weekday: Int, hour: Int) {
        let (day, hour, _) = split(instant, timeZone)
        return (day.isoWeekdayIndex, hour)
    }

    private static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    private static func split(_ instant: Date, _ timeZone: TimeZone) -> (ZonedDay, Int, Int) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        return split(instant, utcOffset: ZoneRules.of(timeZone).offset(at: seconds).offset)
    }

    /// The local day, hour and minute of `instant` at `utcOffset` seconds east of UTC.
    private static func split(_ instant: Date, utcOffset: Int) -> (ZonedDay, Int, Int) {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffset
        let day = ZonedDay(index: Int((Double(local) / 86_400).rounded(.down)))
        let secondOfDay = local - day.index * 86_400
        return (day, secondOfDay / 3600, secondOfDay / 60 % 60)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
