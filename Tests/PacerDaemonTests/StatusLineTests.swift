import Foundation
import Testing
import PacerCore
@testable import PacerDaemon

struct StatusLineTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test func anEmptyQueue() {
        #expect(StatusLine.render(queued: 0, next: nil, usedToday: 1, limitToday: 2, unknown: 0, timeZone: berlin) == "0 queued · next none · today 1/2")
    }

    @Test func theNextDeliveryIsShownInTheConfiguredZone() {
        let next = ISOInstant.parse("2026-12-01T07:30:00Z")!
        #expect(StatusLine.render(queued: 3, next: ("outbox", next), usedToday: 0, limitToday: nil, unknown: 0, timeZone: berlin)
            == "3 queued · next outbox Tue 08:30 · today 0/∞")
    }

    @Test func unknownDeliveriesAskForAttention() {
        #expect(StatusLine.render(queued: 0, next: nil, usedToday: 0, limitToday: 2, unknown: 2, timeZone: berlin)
            == "0 queued · next none · today 0/2 · 2 unknown: see pacer list")
    }

    @Test func everyEventHasADistinctMessageID() {
        let ids = DaemonEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }
}
