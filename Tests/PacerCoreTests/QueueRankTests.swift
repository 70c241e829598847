import Foundation
import PacerCore
import Testing

/// `pacer move`: among deliveries that could go out at the same instant, the lower rank goes first.
struct QueueRankTests {
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    @Test func aLowerRankGoesFirstAmongEquals() throws {
        let rules = ChannelRules(name: "outbox", timeZone: TimeZone(identifier: "UTC")!, minGap: try TimeSpan.parse("1h"))
        let pending = [
            PendingDelivery(id: 1, postID: 1, channel: "outbox"),
            PendingDelivery(id: 2, postID: 2, channel: "outbox"),
            PendingDelivery(id: 3, postID: 3, channel: "outbox", rank: 0),
        ]
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules], pending: pending, history: []))
        #expect(plan.entries.map(\.deliveryID) == [3, 1, 2])
        #expect(plan.entry(for: 3)?.at == now)
    }

    @Test func rankNeverOvertakesAnEarlierNotBefore() throws {
        let rules = ChannelRules(name: "outbox", timeZone: TimeZone(identifier: "UTC")!)
        let pending = [
            PendingDelivery(id: 1, postID: 1, channel: "outbox"),
            PendingDelivery(id: 2, postID: 2, channel: "outbox", notBefore: now.addingTimeInterval(3600), rank: -5),
        ]
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules], pending: pending, history: []))
        #expect(plan.entries.map(\.deliveryID) == [1, 2])
    }
}
