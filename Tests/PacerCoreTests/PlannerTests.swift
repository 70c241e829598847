import Foundation
import Testing
@testable import PacerCore

/// The planner as a pure function: every instant is an argument; nothing sleeps.
struct PlannerTests {
    let utc = TimeZone(identifier: "UTC")!
    let newYork = TimeZone(identifier: "America/New_York")!
    /// 2026-12-01T09:00:00Z, a Tuesday.
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    func rules(_ name: String = "outbox", zone: TimeZone? = nil, gap: String? = nil, perDay: Int? = nil) -> ChannelRules {
        ChannelRules(name: name, timeZone: zone ?? utc, minGap: gap.map { try! TimeSpan.parse($0) }, maxPerDay: perDay)
    }

    func pending(_ id: DeliveryID, _ channel: String = "outbox", notBefore: String? = nil) -> PendingDelivery {
        PendingDelivery(id: id, postID: id, channel: channel, notBefore: notBefore.map { ISOInstant.parse($0)! })
    }

    func instants(_ plan: Plan) -> [DeliveryID: String] {
        Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.deliveryID, $0.at.map(ISOInstant.format) ?? "never") })
    }

    @Test func withoutRulesEveryDeliveryGoesNow() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules()], pending: [pending(1), pending(2)], history: []))
        #expect(instants(plan) == [1: "2026-12-01T09:00:00Z", 2: "2026-12-01T09:00:00Z"])
        #expect(plan.entries.map(\.deliveryID) == [1, 2])
    }

    @Test func minGapSpacesDeliveriesInQueueOrder() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules(gap: "2h")], pending: [pending(3), pending(1), pending(2)], history: []))
        #expect(instants(plan) == [1: "2026-12-01T09:00:00Z", 2: "2026-12-01T11:00:00Z", 3: "2026-12-01T13:00:00Z"])
        #expect(plan.entry(for: 2)?.reasons == [Deferral(rule: "min_gap", detail: "min_gap 2h after delivery 1")])
    }

    @Test func minGapCountsFromHistory() {
        let history = [PastDelivery(id: 9, channel: "outbox", at: ISOInstant.parse("2026-12-01T08:30:00Z")!)]
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules(gap: "2h")], pending: [pending(1)], history: history))
        #expect(instants(plan) == [1: "2026-12-01T10:30:00Z"])
        #expect(plan.entry(for: 1)?.reasons.first?.detail == "min_gap 2h after delivery 9")
    }

    @Test func minGapAppliesOnBothSidesOfALaterRequest() {
        // Delivery 1 asks for 12:00; delivery 2 (no --at) must not land within 2 h of it.
        let plan = Planner.plan(PlanningInput(
            now: now, channels: [rules(gap: "2h")],
            pending: [pending(1, notBefore: "2026-12-01T10:00:00Z"), pending(2, notBefore: "2026-12-01T11:00:00Z")], history: []))
        #expect(instants(plan) == [1: "2026-12-01T10:00:00Z", 2: "2026-12-01T12:00:00Z"])
    }

    @Test func maxPerDayMovesTheRestToTheNextDay() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules(perDay: 2)], pending: [pending(1), pending(2), pending(3)], history: []))
        #expect(instants(plan) == [1: "2026-12-01T09:00:00Z", 2: "2026-12-01T09:00:00Z", 3: "2026-12-02T00:00:00Z"])
        #expect(plan.entry(for: 3)?.reasons == [Deferral(rule: "max_per_day", detail: "max_per_day 2 reached on outbox for Tue 2026-12-01")])
    }

    @Test func maxPerDayCountsTheDayInTheChannelsZone() {
        // 2026-12-02T03:00Z is still Tue 2026-12-01 22:00 in New York: the day's one post is used.
        let late = ISOInstant.parse("2026-12-02T03:00:00Z")!
        let history = [PastDelivery(id: 9, channel: "outbox", at: ISOInstant.parse("2026-12-01T14:00:00Z")!)]
        let plan = Planner.plan(PlanningInput(now: late, channels: [rules(zone: newYork, perDay: 1)], pending: [pending(1)], history: history))
        // The next New York day starts at 05:00Z (EST, UTC-5).
        #expect(instants(plan) == [1: "2026-12-02T05:00:00Z"])
        #expect(plan.entry(for: 1)?.reasons.first?.detail == "max_per_day 1 reached on outbox for Tue 2026-12-01")
    }

    @Test func theSameInstantInUTCIsAnotherDayElsewhere() {
        let late = ISOInstant.parse("2026-12-02T03:00:00Z")!
        let history = [PastDelivery(id: 9, channel: "outbox", at: ISOInstant.parse("2026-12-01T14:00:00Z")!)]
        // In UTC, 03:00Z on Dec 2 is a new day: no deferral.
        let plan = Planner.plan(PlanningInput(now: late, channels: [rules(perDay: 1)], pending: [pending(1)], history: history))
        #expect(instants(plan) == [1: "2026-12-02T03:00:00Z"])
    }

    @Test func notBeforeIsHonouredAndExplained() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules()], pending: [pending(1, notBefore: "2026-12-01T09:02:00Z")], history: []))
        #expect(instants(plan) == [1: "2026-12-01T09:02:00Z"])
        #expect(plan.entry(for: 1)?.reasons == [Deferral(rule: "at", detail: "not before 2026-12-01T09:02:00Z")])
    }

    @Test func aPastNotBeforeMeansNow() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules()], pending: [pending(1, notBefore: "2026-11-30T09:00:00Z")], history: []))
        #expect(instants(plan) == [1: "2026-12-01T09:00:00Z"])
        #expect(plan.entry(for: 1)?.reasons == [])
    }

    @Test func channelsDoNotShareBudgets() {
        let plan = Planner.plan(PlanningInput(
            now: now, channels: [rules("a", gap: "1h"), rules("b", gap: "1h")], pending: [pending(1, "a"), pending(2, "b")], history: []))
        #expect(instants(plan) == [1: "2026-12-01T09:00:00Z", 2: "2026-12-01T09:00:00Z"])
    }

    @Test func anUnconfiguredChannelIsNeverPlannedAndSaysWhy() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules()], pending: [pending(1, "gone"), pending(2)], history: []))
        #expect(plan.entries.map(\.deliveryID) == [2, 1])
        #expect(plan.entry(for: 1)?.at == nil)
        #expect(plan.entry(for: 1)?.reasons.first?.detail == "channel gone is not configured")
    }

    @Test func dueListsOnlyWhatIsAtOrBeforeNow() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules(gap: "1h")], pending: [pending(1), pending(2)], history: []))
        #expect(plan.due(at: now).map(\.deliveryID) == [1])
        #expect(plan.due(at: now.addingTimeInterval(3600)).map(\.deliveryID) == [1, 2])
        #expect(plan.next?.deliveryID == 1)
    }

    @Test func theSameInputGivesTheSamePlan() {
        let input = PlanningInput(
            now: now, channels: [rules(gap: "30min", perDay: 3)],
            pending: (1...50).map { pending(DeliveryID($0), notBefore: $0 % 3 == 0 ? "2026-12-02T10:00:00Z" : nil) }.shuffled(), history: [])
        #expect(Planner.plan(input) == Planner.plan(input))
    }

    @Test(arguments: [1, 2, 3, 5])
    func planNeverBreaksGapOrDailyLimit(perDay: Int) {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let channel = rules(zone: zone, gap: "3h", perDay: perDay)
        let pendingDeliveries = (1...40).map { pending(DeliveryID($0), notBefore: $0 % 4 == 0 ? "2026-12-03T20:00:00Z" : nil) }
        let plan = Planner.plan(PlanningInput(now: now, channels: [channel], pending: pendingDeliveries, history: []))
        let times = plan.entries.compactMap(\.at).sorted()
        #expect(times.count == 40)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 3 * 3600)
        }
        let perDayCounts = Dictionary(grouping: times) { ZonedDay(containing: $0, in: zone) }.mapValues(\.count)
        #expect(perDayCounts.values.allSatisfy { $0 <= perDay })
    }
}
