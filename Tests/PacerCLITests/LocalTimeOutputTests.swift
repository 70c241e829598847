import Foundation
import Testing
@testable import pacer

/// What `pacer add`, `list` and `plan` print for an instant: local time at the offset in force at
/// that instant, daylight-saving time included.
struct LocalTimeOutputTests {
    @Test func instantsAreShownAtTheirOwnOffsetInTheLocalZone() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let july = Date(timeIntervalSince1970: 1_783_000_800)  // 2026-07-02 14:00 UTC
        let december = Date(timeIntervalSince1970: 1_796_720_400)  // 2026-12-08 09:00 UTC
        #expect(Output.when(july, now: july.addingTimeInterval(-3 * 3600), in: newYork) == "Thu 2026-07-02 10:00 (in 3 h)")
        #expect(Output.when(december, now: december, in: newYork) == "Tue 2026-12-08 04:00 (now)")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        // 2026-03-29 00:59:59 and 01:00:00 UTC, either side of the change to summer time.
        #expect(Output.when(Date(timeIntervalSince1970: 1_774_745_999), now: .distantPast, in: berlin).hasPrefix("Sun 2026-03-29 01:59 "))
        #expect(Output.when(Date(timeIntervalSince1970: 1_774_746_000), now: .distantPast, in: berlin).hasPrefix("Sun 2026-03-29 03:00 "))
        #expect(Output.when(nil, in: berlin) == "-")
    }
}
