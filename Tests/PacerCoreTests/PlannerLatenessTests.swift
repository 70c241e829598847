import Foundation
import Testing
@testable import PacerCore

/// Deliveries whose instant passed while `pacerd` was stopped: re-planned, held or skipped,
/// and never sent in a burst.
struct PlannerLatenessTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// pacerd comes back at Tue 2026-12-01 10:00 Berlin.
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    func channel(_ late: LatePolicy, gap: String? = "1h") -> ChannelRules {
        ChannelRules(name: "linkedin", timeZone: berlin, minGap: gap.map { try! TimeSpan.parse($0) }, maxLateness: try! TimeSpan.parse("2h"), late: late)
    }

    func pending(_ id: DeliveryID, previous: String) -> PendingDelivery {
        PendingDelivery(id: id, postID: id, channel: "linkedin", previousPlannedAt: ISOInstant.parse(previous)!)
    }

    @Test func lateDeliveriesAreReslottedOneNowTheRestKeepingTheirGaps() {
        // Three deliveries were due overnight, 20 minutes apart; the channel wants an hour.
        let late = [pending(1, previous: "2026-12-01T01:00:00Z"), pending(2, previous: "2026-12-01T01:20:00Z"), pending(3, previous: "2026-12-01T01:40:00Z")]
        let plan = Planner.plan(PlanningInput(now: now, channels: [channel(.reslot)], pending: late, history: []))
        #expect(plan.entries.map { $0.at.map(ISOInstant.format) } == ["2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"])
        #expect(plan.due(at: now).count == 1)
        #expect(plan.entry(for: 1)?.reasons == [Deferral(rule: "late", detail: "late: was due Tue 2026-12-01 02:00 while pacerd was stopped")])
        #expect(plan.entry(for: 3)?.reasons.map(\.rule) == ["late", "min_gap"])
    }

    @Test func aDeliveryWithinMaxLatenessIsPlannedWithoutALateReason() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [channel(.hold)], pending: [pending(1, previous: "2026-12-01T08:00:00Z")], history: []))
        #expect(plan.entry(for: 1)?.at == now)
        #expect(plan.entry(for: 1)?.reasons == [])
        #expect(plan.entry(for: 1)?.lateAction == nil)
    }

    @Test func holdLeavesALateDeliveryUnplannedForTheEngineToHold() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [channel(.hold)], pending: [pending(1, previous: "2026-12-01T01:00:00Z")], history: []))
        let detail = "late: was due Tue 2026-12-01 02:00 while pacerd was stopped; held (max_lateness 2h)"
        #expect(plan.entry(for: 1)?.at == nil)
        #expect(plan.entry(for: 1)?.lateAction == .hold(detail))
        #expect(plan.entry(for: 1)?.reasons == [Deferral(rule: "late", detail: detail)])
    }

    @Test func skipLeavesALateDeliveryUnplannedForTheEngineToCancel() {
        let plan = Planner.plan(PlanningInput(now: now, channels: [channel(.skip)], pending: [pending(1, previous: "2026-12-01T01:00:00Z")], history: []))
        #expect(plan.entry(for: 1)?.lateAction == .skip("late: was due Tue 2026-12-01 02:00 while pacerd was stopped; skipped (max_lateness 2h)"))
        #expect(plan.next == nil)
    }

    @Test func withoutMaxLatenessNothingIsLate() {
        var rules = channel(.skip)
        rules.maxLateness = nil
        let plan = Planner.plan(PlanningInput(now: now, channels: [rules], pending: [pending(1, previous: "2026-11-01T01:00:00Z")], history: []))
        #expect(plan.entry(for: 1)?.at == now)
    }

    @Test func lateDeliveriesKeepTheAccountGapAcrossChannels() {
        let channels = ["a", "b", "c"].map { ChannelRules(name: $0, timeZone: berlin, maxLateness: try! TimeSpan.parse("1h")) }
        let late = ["a", "b", "c"].enumerated().map { index, name in
            PendingDelivery(id: DeliveryID(index + 1), postID: DeliveryID(index + 1), channel: name, previousPlannedAt: ISOInstant.parse("2026-12-01T03:00:00Z")!)
        }
        let account = AccountRules(timeZone: berlin, minGap: try! TimeSpan.parse("45min"))
        let plan = Planner.plan(PlanningInput(now: now, channels: channels, pending: late, history: [], account: account))
        #expect(plan.due(at: now).count == 1)
        let times = plan.entries.compactMap(\.at)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 45 * 60 })
    }
}
