import Foundation
import Testing
@testable import PacerCore

/// Rules that can never be met, or only far ahead, give a plan in a bounded number of search
/// steps, and say so (issue 21, item 7). Work is counted in steps
/// (``Planner/planCountingSteps(_:)``), never timed.
struct PlannerBoundsTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let now = ISOInstant.parse("2026-12-07T12:00:00Z")!

    func calendar(_ text: String) -> CalendarSpec { try! CalendarSpec.parse(text) }

    func plan(_ channel: ChannelRules, deliveries: Int = 10) -> (plan: Plan, steps: Int) {
        let pending = (1...deliveries).map { PendingDelivery(id: DeliveryID($0), postID: PostID($0), channel: channel.name) }
        return Planner.planCountingSteps(PlanningInput(now: Self.now, channels: [channel], pending: pending, history: []))
    }

    func details(_ plan: Plan, _ id: DeliveryID) -> [String] { plan.entry(for: id)?.reasons.map(\.detail) ?? [] }

    @Test func aBlackoutOfEveryMinuteIsOneStretchAndReportedAsNever() {
        // Walked a minute at a time, ten years of this blackout took 5 million steps.
        let channel = ChannelRules(name: "x", timeZone: Self.utc, blackout: [calendar("*-*-* *:*")])
        let (result, steps) = plan(channel)
        #expect(result.entries.allSatisfy { $0.at == nil })
        #expect(result.entry(for: 3)?.reasons == [Deferral(rule: "blackout", detail: "no instant in the next year is outside the blackouts of channel x")])
        #expect(steps < 1_000, "\(steps) steps")
    }

    @Test func slotsEveryMicrosecondInsideAnAllDayBlackoutAreNeverVisitedOneByOne() {
        let channel = ChannelRules(name: "x", timeZone: Self.utc, slots: [calendar("*-*-* *:*:0/0.000001")], blackout: [calendar("*-*-*")])
        let (result, steps) = plan(channel)
        #expect(result.entries.allSatisfy { $0.at == nil })
        #expect(details(result, 1) == ["no instant in the next year satisfies the slots of channel x outside its blackouts"])
        #expect(steps < 1_000, "\(steps) steps")
    }

    @Test func slotsEveryMicrosecondInsideABlackoutOfEveryMinuteOfTheDay() {
        // Walked step by step: a slot, then the minute it is blocked in, 10 million steps in ten years.
        let channel = ChannelRules(
            name: "x", timeZone: Self.utc, slots: [calendar("*-*-* *:*:0/0.000001")], blackout: [calendar("*-*-* 00..23:*")],
            jitter: TimeSpan(seconds: 90))
        let (result, steps) = plan(channel)
        #expect(result.entries.allSatisfy { $0.at == nil })
        #expect(details(result, 10) == ["no instant in the next year satisfies the slots of channel x outside its blackouts (jitter 1min 30s included)"])
        #expect(steps < 1_000, "\(steps) steps")
    }

    @Test func aLongBlackoutIsPassedAtOnceToTheSameInstant() {
        // All of January blocked minute by minute: the first slot after it, in 31 stretches of a day
        // (the first and last days of the stretch's merging), not 44,640 minutes.
        let channel = ChannelRules(name: "x", timeZone: Self.utc, slots: [calendar("*:0/7")], blackout: [calendar("2027-01-* *:*")])
        let input = PlanningInput(
            now: ISOInstant.parse("2026-12-31T23:58:00Z")!, channels: [channel],
            pending: [PendingDelivery(id: 1, postID: 1, channel: "x", notBefore: ISOInstant.parse("2027-01-01T00:00:00Z"))], history: [])
        let (result, steps) = Planner.planCountingSteps(input)
        #expect(result.entry(for: 1)?.at == ISOInstant.parse("2027-02-01T00:00:00Z"))
        #expect(details(result, 1) == ["not before 2027-01-01T00:00:00Z", "blackout 2027-01-* *:*:00"])
        #expect(steps < 200, "\(steps) steps")
    }

    @Test func aBlackoutAcrossAClockChangeIsPassedToTheSameInstant() {
        // Berlin's 2027-03-28 has 23 hours: its minutes are taken one by one, the other days at once.
        let channel = ChannelRules(name: "x", timeZone: Self.berlin, blackout: [calendar("2027-03-20..31 *:*")])
        let input = PlanningInput(
            now: ISOInstant.parse("2027-03-20T00:00:00Z")!, channels: [channel], pending: [PendingDelivery(id: 1, postID: 1, channel: "x")],
            history: [])
        let (result, steps) = Planner.planCountingSteps(input)
        #expect(result.entry(for: 1)?.at == ISOInstant.parse("2027-03-31T22:00:00Z"))
        #expect(details(result, 1) == ["blackout 2027-03-20..31 *:*:00"])
        #expect(steps < 3_000, "\(steps) steps")
    }

    @Test func aStretchStopsWhereAnEarlierListedBlackoutBeginsSoTheReasonNamesIt() {
        // Wednesday 08:00-13:00 and every day 12:00-13:00 end together; stepping a minute at a
        // time, the search met the noon blackout at 12:00, listed first, and named it last.
        let channel = ChannelRules(name: "x", timeZone: Self.utc, blackout: [calendar("12:*"), calendar("Wed 08..12:*")])
        let input = PlanningInput(
            now: ISOInstant.parse("2026-12-09T09:00:00Z")!, channels: [channel], pending: [PendingDelivery(id: 1, postID: 1, channel: "x")],
            history: [])
        let result = Planner.plan(input)
        #expect(result.entry(for: 1)?.at == ISOInstant.parse("2026-12-09T13:00:00Z"))
        #expect(details(result, 1) == ["blackout *-*-* 12:*:00"])
    }

    @Test func aSearchThatRunsOutOfStepsSaysSoAndTheDeliveriesBehindItDoNotWalkAgain() {
        // Every even minute is blocked, and only even minutes are slots but one: once that one is
        // taken (and kept a minute clear), each search alternates between a slot and its blocked minute.
        let channel = ChannelRules(
            name: "x", timeZone: Self.utc, minGap: TimeSpan(seconds: 60), slots: [calendar("*:0/2:00"), calendar("2026-12-07 12:01")],
            blackout: [calendar("*:0/2")])
        let (result, steps) = plan(channel, deliveries: 50)
        #expect(result.entry(for: 1)?.at == ISOInstant.parse("2026-12-07T12:01:00Z"))
        #expect(details(result, 2).last == "no instant on x found within the search's limit of \(ChannelSchedule.stepLimit) steps")
        #expect(details(result, 50).last == "no instant on x found within the search's limit of \(ChannelSchedule.stepLimit) steps")
        #expect(steps < 2 * ChannelSchedule.stepLimit + 1_000, "\(steps) steps for 50 deliveries")
    }

    @Test func aChannelWhoseCheckRunsOutOfStepsPlansNothingAndSaysWhere() {
        let channel = ChannelRules(name: "x", timeZone: Self.utc, slots: [calendar("*:0/2:00")], blackout: [calendar("*:0/2")])
        let (result, steps) = plan(channel, deliveries: 1_000)
        #expect(result.entries.allSatisfy { $0.at == nil })
        let reason = details(result, 1_000).joined()
        #expect(reason.hasPrefix("no instant before 2027-"))
        #expect(reason.hasSuffix("satisfies the slots of channel x outside its blackouts, and the search stops there (after \(ChannelSchedule.stepLimit) steps)"))
        #expect(steps <= ChannelSchedule.stepLimit, "\(steps) steps for 1,000 deliveries")
    }

    @Test func slotsThatNeverElapseAgainAreReportedAsNever() {
        let channel = ChannelRules(name: "x", timeZone: Self.utc, slots: [calendar("2020-01-01 09:00")])
        #expect(channel.closedReason(from: Self.now) == Deferral(rule: "slots", detail: "no instant in the next year satisfies the slots of channel x"))
        #expect(details(plan(channel).plan, 1) == ["no instant in the next year satisfies the slots of channel x"])
    }

    @Test func anOpenChannelHasNoClosedReasonAndPlansAsBefore() {
        let channel = ChannelRules(name: "x", timeZone: Self.berlin, slots: [calendar("Mon..Fri 09:00")], blackout: [calendar("Sat,Sun"), calendar("*-12-24..26")])
        #expect(channel.closedReason(from: Self.now) == nil)
        let (result, steps) = plan(channel, deliveries: 1)
        #expect(result.entry(for: 1)?.at == ISOInstant.parse("2026-12-08T08:00:00Z"))
        #expect(steps < 10, "\(steps) steps")
    }

    @Test func theBenchmarkShapedPlanTakesAFewStepsPerDelivery() {
        let (result, steps) = Planner.planCountingSteps(Self.benchmarkInput(count: 10_000))
        #expect(result.entries.allSatisfy { $0.at != nil })
        #expect(steps < 30 * 10_000, "\(steps) steps for 10,000 deliveries")
    }

    /// The shape of benchmark row 3 (`bench/Sources/PacerBench/CoreRows.swift`): ten channels on
    /// one slot grid with every rule on, two deliveries per post, every fifth not before an
    /// instant within 30 days.
    static func benchmarkInput(count: Int) -> PlanningInput {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let base = ISOInstant.parse("2026-01-01T00:00:00Z")!
        let slots = [try! CalendarSpec.parse("Mon..Fri 08..18:00/20")]
        let blackout = [try! CalendarSpec.parse("*-12-24..26")]
        let channels = (0..<10).map { index in
            ChannelRules(
                name: "c\(index)", timeZone: berlin, minGap: TimeSpan(seconds: 1800), maxPerDay: 12, maxPerWeek: 50,
                slots: slots, blackout: blackout, jitter: TimeSpan(seconds: 300))
        }
        let account = AccountRules(
            timeZone: berlin, minGap: TimeSpan(seconds: 60), maxPerDay: 100, maxPerWeek: 500, crossPostGap: TimeSpan(seconds: 1800))
        let pending = (0..<count).map { index in
            let notBefore = index % 5 == 0 ? base.addingTimeInterval(Double((index * 7_919) % 2_592_000)) : nil
            return PendingDelivery(id: DeliveryID(index), postID: PostID(index / 2), channel: "c\(index % 10)", notBefore: notBefore)
        }
        return PlanningInput(now: base, channels: channels, pending: pending, history: [], account: account)
    }
}
