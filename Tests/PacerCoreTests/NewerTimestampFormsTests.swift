import Foundation
import Testing
@testable import PacerCore

/// Forms that upstream systemd's `parse_timestamp()` reads today (its `test-time-util.c`) and
/// Debian 12's systemd 252 refuses, so the differential against the local `systemd-analyze` cannot
/// cover them: a UTC offset after a space, `Z` right after the timestamp, `T` between date and
/// time after a weekday or before ` UTC`, a leap second. `docs/time-syntax.md` lists them.
struct NewerTimestampFormsTests {
    private let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// 2026-12-07T15:00:00Z: 16:00 in Berlin.
    private let now = Timestamp.date(microseconds: 1_796_655_600_000_000)

    private func instant(_ text: String) throws -> String {
        ISOInstant.format(try Timestamp.parse(text, now: now, timeZone: berlin))
    }

    @Test(arguments: [
        ("2026-12-08 09:00 +01:00", "2026-12-08T08:00:00Z"),
        ("2026-12-08 09:00 -06", "2026-12-08T15:00:00Z"),
        ("2026-12-08 09:00 -0600", "2026-12-08T15:00:00Z"),
        ("2026-12-08 09:00 +0200", "2026-12-08T07:00:00Z"),
        ("2026-12-08 09:00:30 +05:30", "2026-12-08T03:30:30Z"),
        ("today +0200", "2026-12-06T22:00:00Z"),
        ("todayZ", "2026-12-07T00:00:00Z"),
        ("tomorrow -06", "2026-12-08T06:00:00Z"),
        ("2026-12-08 09:00Z", "2026-12-08T09:00:00Z"),
        ("Thu 1970-01-01T00:01 UTC", "1970-01-01T00:01:00Z"),
        ("Mon 2026-12-07T10:00", "2026-12-07T09:00:00Z"),
        ("2026-12-31 23:59:60 UTC", "2027-01-01T00:00:00Z"),
        ("2026-12-31T23:59:60Z", "2027-01-01T00:00:00Z"),
    ])
    func readsWhatNewerSystemdReads(text: String, expected: String) throws {
        #expect(try instant(text) == expected)
    }

    @Test(arguments: ["2026-12-08 09:00 +24:00", "2026-12-08 09:00 +01:60", "2026-12-08 09:00 +1", "+2h +0200", "Fri 2026-12-08T09:00"])
    func refusesWhatItCannotRead(text: String) {
        #expect(throws: TimeSyntaxError.self) { try Timestamp.parse(text, now: now, timeZone: berlin) }
    }

    /// The micro sign and the Greek letter mu both spell microseconds.
    @Test func muSpellsMicroseconds() throws {
        #expect(try TimeSpan.parse("23\u{3BC}s").microseconds == 23)
        #expect(try TimeSpan.parse("23\u{B5}s").microseconds == 23)
    }
}
