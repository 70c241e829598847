import Foundation
import Testing
@testable import PacerCore

struct DeliveryStateTests {
    @Test func claimedIsOnlyReachedFromQueued() {
        #expect(DeliveryState.allCases.filter { $0.canMove(to: .claimed) } == [.queued])
    }

    @Test func publishedIsFinal() {
        #expect(DeliveryState.allCases.filter { DeliveryState.published.canMove(to: $0) } == [])
    }

    @Test func anInterruptedClaimBecomesUnknownNeverQueuedDirectlyFromClaimedWithoutOutcome() {
        #expect(DeliveryState.claimed.canMove(to: .unknown))
        #expect(DeliveryState.claimed.canMove(to: .published))
        #expect(!DeliveryState.claimed.canMove(to: .cancelled))
    }

    @Test func onlyWaitingDeliveriesCanBeCancelled() {
        #expect(DeliveryState.allCases.filter { $0.canMove(to: .cancelled) } == [.draft, .queued, .held])
    }

    @Test func zonedDayLabelsAndWeekdays() {
        let day = ZonedDay(containing: ISOInstant.parse("2026-12-01T09:00:00Z")!, in: .init(identifier: "UTC")!)
        #expect(day.label == "Tue 2026-12-01")
        #expect(day.next.label == "Wed 2026-12-02")
        #expect(ZonedDay(index: 0).label == "Thu 1970-01-01")
    }

    @Test func isoInstantRoundTrips() {
        for text in ["2026-12-01T09:00:00Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "2100-03-01T12:30:05Z"] {
            #expect(ISOInstant.parse(text).map(ISOInstant.format) == text)
        }
        #expect(ISOInstant.parse("2026-12-01 09:00:00Z") == nil)
        #expect(ISOInstant.parse("2026-13-01T09:00:00Z") == nil)
        #expect(ISOInstant.parse("2026-12-01T09:00:00.5Z")?.timeIntervalSince1970 == ISOInstant.parse("2026-12-01T09:00:00Z")!.timeIntervalSince1970 + 0.5)
    }
}

/// `ISOInstant.format` writes what Foundation's ISO 8601 formatter writes, to the second.
struct ISOInstantFormatTests {
    @Test func formatMatchesFoundationsISO8601Formatter() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SplitMix64(seed: 5)
        for _ in 0..<5_000 {
            let instant = Date(timeIntervalSince1970: Double(Int64.random(in: 0..<7_258_118_400, using: &generator)) + 0.75)
            #expect(ISOInstant.format(instant) == formatter.string(from: instant))
        }
    }
}
