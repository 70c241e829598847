import Foundation
import Testing

@testable import PacerCore

@Suite struct TimeCalendarSpecTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date {
        try! Timestamp.parse(text, now: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!)
    }

    @Test(arguments: [
        ("Tue..Thu 08:30", "Tue..Thu *-*-* 08:30:00"),
        ("Mon..Fri 09..16:00/30", "Mon..Fri *-*-* 09..16:00/30:00"),
        ("Sat,Thu,Mon..Wed,Sat..Sun", "Mon..Thu,Sat,Sun *-*-* 00:00:00"),
        ("*-02~1", "*-02~01 00:00:00"),
        ("quarterly", "*-01,04,07,10-01 00:00:00"),
        ("05:40:23.4200004/3.1700005", "*-*-* 05:40:23.420000/3.170001"),
        ("daily Europe/Berlin", "*-*-* 00:00:00 Europe/Berlin"),
        ("12-10-15 1:2:3 utc", "2012-10-15 01:02:03 UTC"),
    ])
    func normalisesLikeSystemd(text: String, normalized: String) throws {
        #expect(try CalendarSpec.parse(text).normalized == normalized)
    }

    @Test(arguments: [("Mon..", 6), ("*-13-01", 1), ("12:00x", 6), ("Fri..Mon", 6), ("*/5", 2), ("", 1)] as [(String, Int)])
    func refusesWithTheColumn(text: String, column: Int) {
        do {
            let spec = try CalendarSpec.parse(text)
            Issue.record("accepted \(text) as \(spec)")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.description.hasPrefix("invalid calendar expression"))
        }
    }

    @Test func nextElapseOfASlot() throws {
        let spec = try CalendarSpec.parse("Tue..Thu 08:30")
        // After Fri 2026-11-27 10:00 UTC: Tue 2026-12-01 08:30 CET.
        #expect(spec.nextElapse(after: utc("2026-11-27 10:00"), in: berlin) == utc("2026-12-01 07:30"))
        let three = spec.nextElapses(after: utc("2026-11-27 10:00"), count: 3, in: berlin)
        #expect(three == [utc("2026-12-01 07:30"), utc("2026-12-02 07:30"), utc("2026-12-03 07:30")])
    }

    @Test func impossibleDatesNeverElapse() throws {
        #expect(try CalendarSpec.parse("*-02-30").nextElapse(after: utc("2026-01-01"), in: berlin) == nil)
        #expect(try CalendarSpec.parse("2003-03-05").nextElapse(after: utc("2026-01-01"), in: berlin) == nil)
    }

    @Test func theExpressionsOwnZoneWins() throws {
        let spec = try CalendarSpec.parse("*-*-* 09:00 America/New_York")
        #expect(spec.nextElapse(after: utc("2026-12-01 00:00"), in: berlin) == utc("2026-12-01 14:00"))
    }

    @Test func nonexistentLocalTimesAreSkipped() throws {
        // 02:30 does not exist in Berlin on 2026-03-29.
        let spec = try CalendarSpec.parse("*-*-* 02:30")
        let elapses = spec.nextElapses(after: utc("2026-03-28 12:00"), count: 2, in: berlin)
        #expect(elapses == [utc("2026-03-30 00:30"), utc("2026-03-31 00:30")])
    }

    @Test func answersWhereSystemd252LoopsForever() throws {
        // systemd 252: "Infinite loop in calendar calculation" (FACTS.md).
        let spec = try CalendarSpec.parse("*-*-* 04/8:55")
        let base = Timestamp.microseconds(of: utc("2026-03-28 12:00"))
        let rules = ZoneRules.of(berlin)
        var outcomes: [ElapseSearch.Outcome] = []
        var cursor = base
        for _ in 0..<5 {
            let outcome = ElapseSearch.outcome(of: spec, after: cursor, rules: rules, repaired: false)
            outcomes.append(outcome)
            guard case .elapse(let next) = outcome else { break }
            cursor = next
        }
        #expect(outcomes.last == .stuck)
        let elapses = spec.nextElapses(after: utc("2026-03-28 12:00"), count: 3, in: berlin)
        #expect(elapses == [utc("2026-03-28 19:55"), utc("2026-03-29 02:55"), utc("2026-03-29 10:55")])
    }
}
