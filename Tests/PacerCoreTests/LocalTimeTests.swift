import Foundation
import Testing

@testable import PacerCore

/// `LocalTime.full` at an offset Foundation looked up (what `pacer` shows) says what it says through
/// the zone's table of transitions (what pacerd's planner uses), on both sides of every change.
@Suite struct LocalTimeTests {
    /// Zones with daylight-saving time on either hemisphere, a half-hour change (Lord Howe), an
    /// offset of whole half hours (Kolkata) and none at all.
    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]

    @Test(arguments: zones)
    func anOffsetLookedUpGivesWhatTheZonesTableGives(_ name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        // Every 53 minutes over three years (both changes of each year, at several minutes of the
        // hour), and a few instants before 1970 and after 2100.
        var instants = stride(from: 1_767_225_600.0, to: 1_861_920_000.0, by: 53 * 60).map(Date.init(timeIntervalSince1970:))
        instants += [-1_000_000_000.0, -1.0, 0.0, 4_200_000_000.5].map(Date.init(timeIntervalSince1970:))
        for instant in instants {
            let looked = LocalTime.full(instant, utcOffset: zone.secondsFromGMT(for: instant))
            #expect(looked == LocalTime.full(instant, in: zone), "\(name) at \(instant.timeIntervalSince1970)")
        }
    }

    @Test func instantsAreShownAtTheOffsetInForceThen() {
        // New York: EDT (−4 h) in July, EST (−5 h) in December.
        #expect(LocalTime.full(Date(timeIntervalSince1970: 1_783_000_800), utcOffset: -4 * 3600) == "Thu 2026-07-02 10:00")
        #expect(LocalTime.full(Date(timeIntervalSince1970: 1_796_720_400), utcOffset: -5 * 3600) == "Tue 2026-12-08 04:00")
        // Kolkata, +5:30, across midnight.
        #expect(LocalTime.full(Date(timeIntervalSince1970: 1_796_668_200), utcOffset: 19_800) == "Tue 2026-12-08 00:00")
        // Before 1970 the day is the one before, not the one nearer the epoch.
        #expect(LocalTime.full(Date(timeIntervalSince1970: -1), utcOffset: 0) == "Wed 1969-12-31 23:59")
        #expect(LocalTime.full(Date(timeIntervalSince1970: 1800), utcOffset: -3600) == "Wed 1969-12-31 23:30")
    }
}
