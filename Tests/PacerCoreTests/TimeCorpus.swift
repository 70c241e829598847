import Foundation
@testable import PacerCore

/// The inputs of the differential suite: hand-written expressions from systemd.time(7)'s
/// grammar and examples, generated combinations of every syntax element, zones and base times.
enum TimeCorpus {
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]

    /// From the man page, its examples, and the corners of the grammar.
    static let handWritten = [
        "Sat,Thu,Mon..Wed,Sat..Sun", "Mon,Sun 12-*-* 2,1:23", "Wed *-1", "Wed..Wed,Wed *-1", "Wed, 17:48",
        "Wed..Sat,Tue 12-10-15 1:2:3", "*-*-7 0:0:0", "10-15", "monday *-12-* 17:00", "Mon,Fri *-*-3,1,2 *:30:45",
        "12,14,13,12:20,10,30", "12..14:10,20,30", "mon,fri *-1/2-1,3 *:30:45", "03-05 08:05:40", "08:05:40",
        "05:40", "Sat,Sun 12-05 08:05:40", "Sat,Sun 08:05:40", "2003-03-05 05:40", "05:40:23.4200004/3.1700005",
        "2003-02..04-05", "2003-03-05 05:40 UTC", "2003-03-05", "03-05", "hourly", "daily", "daily UTC", "monthly",
        "weekly", "weekly Pacific/Auckland", "yearly", "annually", "*:2/3", "minutely", "quarterly", "semiannually",
        "semi-annually", "biannually", "bi-annually", "anually", "DAILY", "Hourly", "*-*-* *:*:*", "*:*", "*-*-*",
        "Tue..Thu 08:30", "Mon..Fri 09..16:00/30", "Mon..Fri 09..17/2:00", "*-02~1", "Mon *-05~07/1", "*-02-30",
        "*-02-29", "*-*-31", "*-*~01", "*-*~1..3", "*-*~03..01", "*-*~7/2", "*-02~28", "*-04~30", "*-*~29",
        "*:0/15", "*:00", "*-*-* 00/7:00", "*-*-* 04/8:55", "*:*:0/20", "*:*:0/7", "*:0/7:13", "*-*-* 02:30",
        "*-*-* 03:30", "*-*-* 01:30", "*-*-* 01:45", "*-*-* 02:15", "*-*-* 02:00", "*-*-* 00:00", "*-*-* 23:59:59",
        "12:00:00.5", "*:*:0.25/0.5", "*:*:1.5..3.5", "*:*:10..20/5", "*:*:59.999999", "0/5:00", "2,3:00,30",
        "Sun *-*-* 02:30", "Sun 02:00..03/1:00", "Sat..Sun 01..03:00,30", "Fri *-*-13", "Fri-Sun", "Mon-Fri 09:00",
        "Monday..Friday 10:00", "Wednesday", "sun", "SAT", "Mon,", "Mon, 12:00", "Mon..Wed,Fri..Sun", "Mon,Tue,Wed",
        "Mon,Wed,Fri 12:00", "Tue,Thu", "2026-*-* 12:00", "2026..2028-02-28,29", "2026-02-28..29 12:00",
        "2028-02-29 12:00", "2027-02-29", "2026-12-31 23:59:59", "2199-12-31", "2200-01-01", "1969-12-31", "1970-01-01",
        "70-01-01", "69-01-01", "99-12-31", "00-01-01", "26-12-01 09:00", "*-1/3-1", "*-*-1..7", "*-*-*/2", "*-03,10-*",
        "27-*-*", "*-*-1/10", "*-1..12/2-1", "*-12-25 09:00", "*-01-01 00:00:00", "*-*-01 09:00", "*-*-15 12:00 UTC",
        "*-*-* 12:00 Europe/Berlin", "*-*-* 12:00 America/New_York", "*-*-* 02:30 Europe/Berlin",
        "*-*-* 02:30 America/New_York", "*-*-* 01:30 America/New_York", "*:0/30 Australia/Lord_Howe",
        "*-*-* 02:15 Australia/Lord_Howe", "*-*-* 09:00 Asia/Kathmandu", "Mon..Fri 08:30 Asia/Kathmandu",
        "hourly Europe/Berlin", "daily America/New_York", "*:0/15 UTC", "@1796112000", "@0", "@1700000000",
        "Mon @1796112000", "*-*-* 0..23:0..59:0..59", "*-*-* 8..17:0/20", "*-*-* 08..17/3:15", "*-*-* 22..23,0..2:00",
        "*-*-* *:59", "*-*-* 23:*", "*-2/2-1..3 10:00", "*-*-2..30/7 06:00", "Sat *-*-1..7 10:00", "Sun *-*~1..7",
        "Thu *-11-22..28", "*-*-* 12:00:30", "*-*-* 12:0:0", "1:2", "1:2:3", "01:02:03.000001", "*:*:*.5",
        "*-*-* 00..05:00/45", "*-*-* 02..03:30..45/5", "*-*-* *:5,10,15,20,25,30,35,40,45,50,55",
        "2026-03-29 02:30", "2026-10-25 02:30", "2026-03-08 02:30", "2026-11-01 01:30", "2026-04-05 01:45",
        "2026-10-04 02:15", "2026-03-29 00:00/1:00", "2026-10-25 *:00/30", "*-03-29 *:0/20", "*-10-25 01..03:00/10",
        "*-03-08 *:0/15", "*-11-01 00..03:*/15", "*-04-05 *:0/15", "*-10-04 *:0/15", "*-*-* *:00/7",
        "*-*-* 3/5:00", "*-*-* 1/4:30", "Mon *-*-* 00/5:00", "*-02-28,29 00/9:00", "*-*~1 12:00", "*-12~1 23:00",
    ]

    /// Expressions every implementation must refuse (systemd decides; agreement is checked).
    static let malformed = [
        "bad", "*", "Mon..", "Mon-", "25:00", "*-13-01", "*-02-32", "*-*-* 24:00", "12:60", "*/5", "*:*/5",
        "2026-12-01T09:00", "*-*-* 12:00:60", "mon..sun..tue", "Fri..Mon", "1..3..5", "*-*~29..30", "0/0:00",
        "*:*:*:*", "12:00 ", " 12:00", "Mon 12:00 Bogus/Zone", "Mond", "Mon.Tue", "Mon...Tue", "Monday,,Tue",
        "12:00:00..00", "*-*-* 12:00:00.1..00.5", "-1:00", "1-2-3-4", "*~02~03", "*-02~03-04", "2026-02~01",
        "10-15 08:00 foo", "12:00 +0100", "*:0/60", "*-*-*/32", "*-*~0", "0..5/10:00", "23/2:00", "*-*-31/31",
        "12..10:00", "@", "@abc", "Mon @", "hourly daily", "weekly Mon", "*-*-* 12:00:00:00", "12:00,", ",12:00",
        "1,,2:00", "*:*:*.", "*:*:1.5.5", "99999-01-01", "1:2:3.1234567890123", "9999999999:00", "Mon..Tue..Wed",
        "Sun..Mon", "*-*-00", "*-00-*", "2026-00-01", "*-*-* 00:00:00.000000/0", "Mon 2026",
    ]

    static let weekdayParts = ["", "Mon ", "Sat,Sun ", "Mon..Fri ", "Tue..Thu ", "Fri-Sun ", "Mon,Wed,Fri ", "sun ", "Wednesday "]
    static let dateParts = [
        "", "*-*-* ", "*-*-01 ", "*-02-29 ", "*-*-31 ", "*-02~1 ", "*-*~01 ", "*-05~07/1 ", "2026-*-* ",
        "2026..2028-02-28,29 ", "*-1/3-1 ", "*-*-1..7 ", "*-*-*/2 ", "*-03,10-* ", "27-*-* ", "*-02-30 ", "*-*~03..01 ",
        "*-03-29 ", "*-10-25 ", "*-11-01 ", "*-04-05 ", "*-10-04 ",
    ]
    static let timeParts = [
        "00:00", "08:30", "02:30", "01:30", "*:0/15", "*:00", "09..17/2:00", "09..16:00/30", "*:*:0/20", "04/8:55",
        "00/7:00", "02,03:00,30", "*:*", "12:00:00.5", "*:0/7:13", "2:30", "01:45", "02:15", "*:*:00", "23:59:59",
        "0/5:00", "1..3:0/30", "*:5/20",
    ]
    static let zoneParts = ["", "", "", "", " UTC", " Europe/Berlin", " America/New_York", " Asia/Kathmandu"]

    /// `count` combinations of weekday, date, time and zone parts, seeded so a failure reproduces.
    static func generated(count: Int, seed: UInt64 = 0x5EED_CA1E) -> [String] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<String>()
        var result: [String] = []
        while result.count < count {
            let expression = weekdayParts.randomElement(using: &rng)! + dateParts.randomElement(using: &rng)!
                + timeParts.randomElement(using: &rng)! + zoneParts.randomElement(using: &rng)!
            if seen.insert(expression).inserted { result.append(expression) }
        }
        return result
    }

    /// All expressions of the calendar corpus.
    static let calendarExpressions: [String] = {
        var seen = Set<String>()
        return (handWritten + malformed + generated(count: 340)).filter { seen.insert($0).inserted }
    }()

    /// Base instants (seconds since the epoch) for `zone`: just before each of its 2026 clock
    /// changes and a day before, month ends, a leap day, a year end.
    static func baseTimes(for zone: String) -> [Int64] {
        var bases: [Int64] = [
            1_769_860_800,  // 2026-01-31 12:00 UTC
            1_803_225_600,  // 2027-02-27 12:00 UTC
            1_835_352_000,  // 2028-02-28 12:00 UTC (leap day ahead)
            1_798_747_200,  // 2026-12-31 20:00 UTC
        ]
        let tz = TimeZone(identifier: zone)!
        var cursor = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        while let next = tz.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < 1_798_761_600 {
            let t = Int64(next.timeIntervalSince1970)
            bases += [t - 5_400, t - 86_400 - 1_800]
            cursor = next
        }
        if bases.count == 4 { bases += [1_781_136_000, 1_792_800_000] }  // no changes: two more plain bases
        return bases
    }

    /// Timestamps in systemd syntax (absolute) and forms only Pacer reads.
    static let timestamps = [
        "2026-12-01 09:00", "2026-12-01 09:00:00", "2026-12-01 09:00:00.5", "2026-12-01 09:00:00.1234567",
        "Tue 2026-12-01 09:00", "Tuesday 2026-12-01 09:00", "tue 2026-12-01 09:00", "Wed 2026-12-01 09:00",
        "26-12-01 09:00", "26-12-01", "2026-12-01", "2026-12-01 9:5", "2026-1-2 3:4:5", "2026-02-29", "2028-02-29",
        "2026-02-30 12:00", "2026-04-31", "2026-13-01", "2026-12-32", "2026-12-01 24:00", "2026-12-01 23:60",
        "2026-12-01 23:59:60", "2026-12-01 23:59:61", "2026-12-01 23:59:62", "2026-12-01 08:00 UTC", "2026-12-01 08:00 utc",
        "2026-12-01 08:00:00.25 UTC", "@1796112000", "@1796112000.5", "@0", "@5min", "1970-01-01", "1969-12-31",
        "9999-12-30", "2026-03-29 02:30", "2026-03-29 02:00", "2026-03-29 03:00", "2026-03-08 02:30",
        "2026-10-04 02:15", "2026-12-01T09:00", "2026-12-01 09:00 bogus", "2026-12-01 09:00:00.", "tomorow",
        "12/01/2026", "Mon 12:00x", "2026-12-01  09:00", "  2026-12-01", "2026-12-01 ", "1999-06-15 12:00",
        "69-06-15", "68-06-15", "2026-06-15 12:00:00.999999", "2026-06-15 12:00:00.9999995",
    ]

    /// Wall times that exist twice; glibc's answer depends on its previous call, so each runs alone.
    static let doubledTimestamps = [
        "2026-10-25 02:30", "2026-11-01 01:30", "2026-04-05 01:45", "2026-10-25 02:00", "2026-11-01 01:00",
    ]

    /// Relative timestamps: compared with a tolerance, as systemd reads its own clock.
    static let relativeTimestamps = [
        "now", "today", "tomorrow", "yesterday", "+5min", "-2h", "3h ago", "10min left", "+1d 2h", "12:00", "Dec 01 09:00:00", "dec 1 09:00:00",
        "December 01 09:00:00", "Feb 30 12:00:00", "23:59:59.5", "00:00 UTC", "Mon 12:00", "Fri 12:00",
    ]

    static let timespans = [
        "90s", "1h 30min", "2weeks", "1.5h", "90", "30min", "1h 30m", "7d", ".5s", "12 34", "+5s", "1y", "1M", "250ms",
        "3us", "3µs", "1.0000001s", "  2 min  ", "1hr", "infinity", "0", "0.0", "1x", "", "-5s", "5.s",
        "12.34.56", "1h x", "5secs", "abc", "1d2h3min4s5ms6us", "2 weeks 3 days", "1.5 min", "59.9999999s", "61.123456s",
        "2y 3month", "100000000000y", "18446744073709551615us", "1 hour", "5 minutes", "3 seconds", "1msec", "1usec",
        "1week", "2years", "3months", "1.25d", "1e3s", "0x10s", "1,5h", "1.5.h", "1h30", "1h 30", "3 m", "3m 5s",
        "3.5M", "1sec", "1second", "1minute", "1 h 1 min 1 s", "5 s s", "1hours", "4min 20", ".0", "1.", ". 5",
    ]
}

/// A small seeded generator (SplitMix64, with the planner's own mix), so generated corpora are the
/// same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return Jitter.splitmix64(state)
    }
}
