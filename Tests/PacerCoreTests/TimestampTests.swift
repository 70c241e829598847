import Foundation
import Testing

@testable import PacerCore

@Suite struct TimestampTests {
    /// Fri 2026-11-27 10:00:00 UTC.
    let now = Date(timeIntervalSince1970: 1_795_773_600)
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let utc = TimeZone(identifier: "UTC")!

    func seconds(_ text: String, in zone: TimeZone? = nil) throws -> Double {
        try Timestamp.parse(text, now: now, timeZone: zone ?? berlin).timeIntervalSince1970
    }

    @Test func relativeSpansMoveFromNow() throws {
        #expect(try seconds("+30s") == 1_795_773_630)
        #expect(try seconds("+10min") == 1_795_774_200)
        #expect(try seconds("+2h") == 1_795_780_800)
        #expect(try seconds("+1d") == 1_795_860_000)
        #expect(try seconds("-5min") == 1_795_773_300)
        #expect(try seconds("3h ago") == 1_795_762_800)
        #expect(try seconds("10min left") == 1_795_774_200)
        #expect(try seconds("now") == 1_795_773_600)
    }

    @Test func dayWordsAreLocalMidnight() throws {
        #expect(try seconds("today") == 1_795_734_000)  // 2026-11-27 00:00 CET
        #expect(try seconds("tomorrow") == 1_795_820_400)
        #expect(try seconds("yesterday") == 1_795_647_600)
    }

    @Test func absoluteFormsInTheGivenZone() throws {
        #expect(try seconds("2026-12-01 09:00") == 1_796_112_000)
        #expect(try seconds("2026-12-01 09:00:00") == 1_796_112_000)
        #expect(try seconds("Tue 2026-12-01 09:00") == 1_796_112_000)
        #expect(try seconds("26-12-01 09:00") == 1_796_112_000)
        #expect(try seconds("2026-12-01") == 1_796_079_600)
        #expect(try seconds("Dec 01 09:00:00") == 1_796_112_000)
        #expect(try seconds("12:00") == 1_795_777_200)
        #expect(try seconds("2026-12-01 09:00:00.25") == 1_796_112_000.25)
        #expect(try seconds("2026-12-01 08:00 UTC") == 1_796_112_000)
        #expect(try seconds("@1796112000") == 1_796_112_000)
    }

    @Test func isoForms() throws {
        #expect(try seconds("2026-12-01T09:00") == 1_796_112_000)
        #expect(try seconds("2026-12-01T08:00Z") == 1_796_112_000)
        #expect(try seconds("2026-12-01T09:00:00+01:00") == 1_796_112_000)
        #expect(try seconds("2026-12-01T03:00-0500") == 1_796_112_000)
        #expect(try seconds("2026-12-01 08:00:00.5Z") == 1_796_112_000.5)
    }

    @Test func aTrailingZoneNameOverridesTheZone() throws {
        #expect(try seconds("2026-12-01 03:00 America/New_York") == 1_796_112_000)
        #expect(try seconds("2026-12-01T03:00 America/New_York") == 1_796_112_000)
    }

    @Test func daylightSavingGapsMoveForwardAndDoubledTimesFollowGlibc() throws {
        // 02:30 does not exist on 2026-03-29 in Berlin: systemd reads it as 03:30 CEST.
        #expect(try seconds("2026-03-29 02:30") == 1_774_747_800)
        // 02:30 exists twice on 2026-10-25: a fresh systemd-analyze picks CET (the second).
        #expect(try seconds("2026-10-25 02:30") == 1_792_891_800)
    }

    @Test(arguments: [
        ("2026-13-01", 6), ("Fri 2026-12-01", 1), ("tomorow", 1), ("+5x", 3), ("2026-12-01 25:00", 12),
        ("2026-12-01T09:00+25:00", 17),
    ] as [(String, Int)])
    func refusesWithTheColumn(text: String, column: Int) {
        do {
            let date = try Timestamp.parse(text, now: now, timeZone: berlin)
            Issue.record("accepted \(text) as \(date)")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.description.hasPrefix("invalid timestamp \"\(text)\""))
        }
    }

    @Test func whenPrefersTimestampsThenCalendarExpressions() throws {
        #expect(try When.resolve("+2h", now: now, timeZone: berlin).timeIntervalSince1970 == 1_795_780_800)
        // Next Tuesday 08:30 in Berlin after Fri 2026-11-27: Tue 2026-12-01 07:30 UTC.
        #expect(try When.resolve("Tue 08:30", now: now, timeZone: berlin).timeIntervalSince1970 == 1_796_110_200)
        #expect(throws: TimeSyntaxError.self) { try When.resolve("*-02-30", now: now, timeZone: berlin) }
        #expect(throws: TimeSyntaxError.self) { try When.resolve("next tuesday", now: now, timeZone: berlin) }
    }
}

/// `pacer add --at` extensions on top of systemd's timestamp syntax.
struct WhenTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// Fri 2026-11-27 02:00 UTC = 03:00 in Berlin.
    let now = ISOInstant.parse("2026-11-27T02:00:00Z")!

    @Test func tomorrowWithATimeOfDayIsThatTimeOnTheNextLocalDay() throws {
        #expect(ISOInstant.format(try When.resolve("tomorrow 09:00", now: now, timeZone: berlin)) == "2026-11-28T08:00:00Z")
        #expect(ISOInstant.format(try When.resolve("today 18:30", now: now, timeZone: berlin)) == "2026-11-27T17:30:00Z")
        #expect(ISOInstant.format(try When.resolve("yesterday 09:00:05", now: now, timeZone: berlin)) == "2026-11-26T08:00:05Z")
    }

    @Test func aBadTimeAfterTomorrowIsReportedInTheInputsColumns() {
        do {
            _ = try When.resolve("tomorrow 9h", now: now, timeZone: berlin)
            Issue.record("accepted")
        } catch {
            #expect(error.input == "tomorrow 9h")
            #expect(error.column >= 10)
        }
    }

    @Test func relativeAndISOFormsResolve() throws {
        #expect(try When.resolve("+2min", now: now, timeZone: berlin) == now.addingTimeInterval(120))
        #expect(ISOInstant.format(try When.resolve("2026-12-01T09:00", now: now, timeZone: berlin)) == "2026-12-01T08:00:00Z")
        #expect(ISOInstant.format(try When.resolve("2026-12-01T09:00Z", now: now, timeZone: berlin)) == "2026-12-01T09:00:00Z")
        #expect(ISOInstant.format(try When.resolve("Tue 08:30", now: now, timeZone: berlin)) == "2026-12-01T07:30:00Z")
    }
}
