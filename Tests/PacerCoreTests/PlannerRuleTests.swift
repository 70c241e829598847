import Foundation
import Testing
@testable import PacerCore

/// Each cadence rule on its own, in zones other than UTC, across clock changes and week ends.
struct PlannerRuleTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let lordHowe = TimeZone(identifier: "Australia/Lord_Howe")!

    func at(_ text: String) -> Date { ISOInstant.parse(text)! }
    func span(_ text: String) -> TimeSpan { try! TimeSpan.parse(text) }
    func calendar(_ text: String) -> CalendarSpec { try! CalendarSpec.parse(text) }

    func pending(_ id: DeliveryID, _ channel: String = "outbox", post: PostID? = nil, notBefore: String? = nil, previous: String? = nil) -> PendingDelivery {
        PendingDelivery(id: id, postID: post ?? id, channel: channel, notBefore: notBefore.map(at), previousPlannedAt: previous.map(at))
    }

    func plan(
        now: String, _ channels: [ChannelRules], _ pending: [PendingDelivery], history: [PastDelivery] = [],
        account: AccountRules = .none, paused: Bool = false
    ) -> Plan {
        Planner.plan(PlanningInput(now: at(now), channels: channels, pending: pending, history: history, account: account, paused: paused))
    }

    func instants(_ plan: Plan) -> [DeliveryID: String] {
        Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.deliveryID, $0.at.map(ISOInstant.format) ?? "never") })
    }

    func details(_ plan: Plan, _ id: DeliveryID) -> [String] { plan.entry(for: id)?.reasons.map(\.detail) ?? [] }

    // MARK: slots

    @Test func slotsMoveADeliveryToTheNextSlotInTheChannelsZone() {
        // Tue 2026-12-01 10:00 in Berlin: today's 08:30 has passed; Wednesday's is next.
        let channel = ChannelRules(name: "linkedin", timeZone: Self.berlin, slots: [calendar("Tue..Thu 08:30")])
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], [pending(1, "linkedin")])
        #expect(instants(result) == [1: "2026-12-02T07:30:00Z"])
        #expect(result.entry(for: 1)?.reasons == [Deferral(rule: "slots", detail: "next slot Wed 08:30")])
    }

    @Test func slotsKeepTheirWallClockTimeAcrossTheAutumnClockChange() {
        // Berlin leaves summer time on Sun 2026-10-25: 08:30 is 06:30Z before and 07:30Z after.
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, maxPerDay: 1, slots: [calendar("08:30")])
        let result = plan(now: "2026-10-24T07:00:00Z", [channel], [pending(1), pending(2), pending(3)])
        #expect(instants(result) == [1: "2026-10-25T07:30:00Z", 2: "2026-10-26T07:30:00Z", 3: "2026-10-27T07:30:00Z"])
    }

    @Test func slotsKeepTheirWallClockTimeAcrossTheSpringClockChangeInNewYork() {
        // New York enters daylight time on Sun 2026-03-08: 09:00 is 14:00Z before and 13:00Z after.
        let channel = ChannelRules(name: "outbox", timeZone: Self.newYork, maxPerDay: 1, slots: [calendar("09:00")])
        let result = plan(now: "2026-03-07T12:00:00Z", [channel], [pending(1), pending(2)])
        #expect(instants(result) == [1: "2026-03-07T14:00:00Z", 2: "2026-03-08T13:00:00Z"])
    }

    @Test func severalSlotExpressionsAreOneList() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, minGap: span("1h"), slots: [calendar("Tue..Thu 12:15"), calendar("Tue..Thu 08:30")])
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], [pending(1), pending(2)])
        #expect(instants(result) == [1: "2026-12-01T11:15:00Z", 2: "2026-12-02T07:30:00Z"])
    }

    @Test func aSlotExpressionThatNeverElapsesAgainLeavesTheDeliveryUnplannedWithAReason() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, slots: [calendar("2020-01-01 08:00")])
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], [pending(1)])
        #expect(result.entry(for: 1)?.at == nil)
        #expect(details(result, 1) == ["no instant in the next year satisfies the slots of channel outbox"])
    }

    // MARK: blackout

    @Test func aDayPatternBlocksWholeLocalDays() {
        // Thu 2026-12-24 00:30 Berlin is inside `*-12-24..26`; Sun 27 00:00 Berlin is 26T23:00Z.
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, blackout: [calendar("*-12-24..26")])
        let result = plan(now: "2026-12-23T23:30:00Z", [channel], [pending(1)])
        #expect(instants(result) == [1: "2026-12-26T23:00:00Z"])
        #expect(result.entry(for: 1)?.reasons == [Deferral(rule: "blackout", detail: "blackout *-12-24..26")])
    }

    @Test func aDayPatternDoesNotBlockTheDayBefore() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, blackout: [calendar("*-12-24..26")])
        #expect(instants(plan(now: "2026-12-23T22:59:00Z", [channel], [pending(1)])) == [1: "2026-12-23T22:59:00Z"])
    }

    @Test func aWeekdayPatternBlocksWeekendsInTheChannelsZone() {
        // Sat 2026-12-05 10:00 in New York; Monday starts at 05:00Z (EST).
        let channel = ChannelRules(name: "outbox", timeZone: Self.newYork, blackout: [calendar("Sat,Sun")])
        let result = plan(now: "2026-12-05T15:00:00Z", [channel], [pending(1)])
        #expect(instants(result) == [1: "2026-12-07T05:00:00Z"])
        #expect(details(result, 1) == ["blackout Sat,Sun *-*-*"])
    }

    @Test func anInstantPatternBlocksTheMinutesItMatches() {
        // 18:30 Berlin; `18..23:*` blocks every minute up to midnight.
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, blackout: [calendar("18..23:*")])
        let result = plan(now: "2026-12-01T17:30:00Z", [channel], [pending(1)])
        #expect(instants(result) == [1: "2026-12-01T23:00:00Z"])
        #expect(details(result, 1) == ["blackout *-*-* 18..23:*:00"])
    }

    @Test func aBlackoutDayOnASlotMovesToTheNextSlot() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, slots: [calendar("Tue..Thu 08:30")], blackout: [calendar("*-12-02")])
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], [pending(1)])
        #expect(instants(result) == [1: "2026-12-03T07:30:00Z"])
        #expect(details(result, 1) == ["next slot Thu 08:30", "blackout *-12-02"])
    }

    // MARK: max_per_day and max_per_week

    @Test func maxPerDayCountsTheShortLordHoweDay() {
        // Lord Howe moves from +10:30 to +11 on Sun 2026-10-04: that day ends at 13:00Z.
        let channel = ChannelRules(name: "outbox", timeZone: Self.lordHowe, maxPerDay: 1)
        let history = [PastDelivery(id: 9, channel: "outbox", at: at("2026-10-03T20:00:00Z"))]
        let result = plan(now: "2026-10-04T01:00:00Z", [channel], [pending(1)], history: history)
        #expect(instants(result) == [1: "2026-10-04T13:00:00Z"])
        #expect(details(result, 1) == ["max_per_day 1 reached on outbox for Sun 2026-10-04"])
    }

    @Test func maxPerWeekCountsTheISOWeekInLordHowe() {
        // Sun 2026-12-06 12:00 in Lord Howe (+11); week 2026-W49 ends at Mon 00:00 = 13:00Z.
        let channel = ChannelRules(name: "outbox", timeZone: Self.lordHowe, maxPerWeek: 2)
        let history = [
            PastDelivery(id: 8, channel: "outbox", at: at("2026-11-29T14:00:00Z")),  // Mon 2026-11-30 01:00 local
            PastDelivery(id: 9, channel: "outbox", at: at("2026-12-03T00:00:00Z")),
        ]
        let result = plan(now: "2026-12-06T01:00:00Z", [channel], [pending(1)], history: history)
        #expect(instants(result) == [1: "2026-12-06T13:00:00Z"])
        #expect(result.entry(for: 1)?.reasons == [Deferral(rule: "max_per_week", detail: "max_per_week 2 reached on outbox for week 2026-W49")])
    }

    @Test func maxPerWeekEndsOnSundayNightAcrossTheNewYorkClockChange() {
        // Week 2026-W10 ends with Sun 2026-03-08, the day New York enters daylight time.
        let channel = ChannelRules(name: "outbox", timeZone: Self.newYork, maxPerWeek: 1)
        let history = [PastDelivery(id: 9, channel: "outbox", at: at("2026-03-03T15:00:00Z"))]
        let result = plan(now: "2026-03-08T16:00:00Z", [channel], [pending(1)], history: history)
        #expect(instants(result) == [1: "2026-03-09T04:00:00Z"])
    }

    @Test func aHistoryEntryOfTheWeekBeforeDoesNotCount() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, maxPerWeek: 1)
        let history = [PastDelivery(id: 9, channel: "outbox", at: at("2026-11-29T22:00:00Z"))]  // Sun 23:00 Berlin, W48
        #expect(instants(plan(now: "2026-11-30T09:00:00Z", [channel], [pending(1)], history: history)) == [1: "2026-11-30T09:00:00Z"])
    }

    @Test func theISOWeekOfTheFirstDaysOfJanuaryBelongsToTheYearBefore() {
        #expect(LocalCalendar.label(ofWeek: LocalCalendar.week(ofDay: ZonedDay(containing: at("2027-01-01T12:00:00Z"), in: Self.berlin).index)) == "2026-W53")
        #expect(LocalCalendar.label(ofWeek: LocalCalendar.week(ofDay: ZonedDay(containing: at("2026-12-01T12:00:00Z"), in: Self.berlin).index)) == "2026-W49")
        #expect(LocalCalendar.label(ofWeek: LocalCalendar.week(ofDay: ZonedDay(containing: at("2024-12-30T12:00:00Z"), in: Self.berlin).index)) == "2025-W01")
    }

    @Test func aCapOfZeroNeverPlansAndSaysWhy() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, maxPerDay: 0)
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], [pending(1)])
        #expect(result.entry(for: 1)?.at == nil)
        #expect(details(result, 1) == ["max_per_day 0 reached on outbox for every day", "no instant on outbox satisfies its rules"])
    }

    // MARK: account-wide rules

    @Test func accountMinGapSpacesDeliveriesOnDifferentChannels() {
        let account = AccountRules(timeZone: Self.berlin, minGap: span("45min"))
        let channels = [ChannelRules(name: "a", timeZone: Self.berlin), ChannelRules(name: "b", timeZone: Self.berlin)]
        let result = plan(now: "2026-12-01T09:00:00Z", channels, [pending(1, "a"), pending(2, "b")], account: account)
        #expect(instants(result) == [1: "2026-12-01T09:00:00Z", 2: "2026-12-01T09:45:00Z"])
        #expect(result.entry(for: 2)?.reasons == [Deferral(rule: "cadence.min_gap", detail: "account min_gap 45min after delivery 1 (on a)")])
    }

    @Test func accountMaxPerDayCountsEveryChannelInTheAccountsZone() {
        // 23:30Z on Dec 1 is already Dec 2 in Berlin, the account's zone.
        let account = AccountRules(timeZone: Self.berlin, maxPerDay: 2)
        let channels = [ChannelRules(name: "a", timeZone: Self.newYork), ChannelRules(name: "b", timeZone: Self.newYork)]
        let history = [PastDelivery(id: 8, channel: "a", at: at("2026-12-01T23:10:00Z")), PastDelivery(id: 9, channel: "b", at: at("2026-12-01T23:20:00Z"))]
        let result = plan(now: "2026-12-01T23:30:00Z", channels, [pending(1, "a")], history: history, account: account)
        #expect(instants(result) == [1: "2026-12-02T23:00:00Z"])
        #expect(details(result, 1) == ["account max_per_day 2 reached for Wed 2026-12-02"])
    }

    @Test func accountMaxPerWeekIsDistinguishableFromTheChannels() {
        let account = AccountRules(timeZone: Self.berlin, maxPerWeek: 1)
        let channels = [ChannelRules(name: "a", timeZone: Self.berlin), ChannelRules(name: "b", timeZone: Self.berlin)]
        let history = [PastDelivery(id: 9, channel: "b", at: at("2026-11-30T09:00:00Z"))]
        let result = plan(now: "2026-12-01T09:00:00Z", channels, [pending(1, "a")], history: history, account: account)
        #expect(instants(result) == [1: "2026-12-06T23:00:00Z"])
        #expect(result.entry(for: 1)?.reasons == [Deferral(rule: "cadence.max_per_week", detail: "account max_per_week 1 reached for week 2026-W49")])
    }

    @Test func historyOnAChannelNoLongerConfiguredStillCountsForTheAccount() {
        let account = AccountRules(timeZone: Self.berlin, maxPerDay: 1)
        let history = [PastDelivery(id: 9, channel: "removed", at: at("2026-12-01T08:00:00Z"))]
        let result = plan(now: "2026-12-01T09:00:00Z", [ChannelRules(name: "a", timeZone: Self.berlin)], [pending(1, "a")], history: history, account: account)
        #expect(instants(result) == [1: "2026-12-01T23:00:00Z"])
    }

    @Test func crossPostGapSeparatesOnePostOnTwoChannels() {
        let account = AccountRules(timeZone: Self.berlin, crossPostGap: span("30min"))
        let channels = [ChannelRules(name: "mastodon", timeZone: Self.berlin), ChannelRules(name: "linkedin", timeZone: Self.berlin)]
        let result = plan(
            now: "2026-12-01T09:00:00Z", channels,
            [pending(7, "mastodon", post: 3), pending(8, "linkedin", post: 3), pending(9, "linkedin", post: 4)], account: account)
        #expect(instants(result) == [7: "2026-12-01T09:00:00Z", 8: "2026-12-01T09:30:00Z", 9: "2026-12-01T09:00:00Z"])
        #expect(result.entry(for: 8)?.reasons == [
            Deferral(rule: "cadence.cross_post_gap", detail: "cross_post_gap 30min after delivery 7 (same post on mastodon)")
        ])
    }

    @Test func crossPostGapCountsAPublishedDeliveryOfThePost() {
        let account = AccountRules(timeZone: Self.berlin, crossPostGap: span("1h"))
        let history = [PastDelivery(id: 7, channel: "mastodon", at: at("2026-12-01T08:30:00Z"), postID: 3)]
        let result = plan(now: "2026-12-01T09:00:00Z", [ChannelRules(name: "linkedin", timeZone: Self.berlin)], [pending(8, "linkedin", post: 3)], history: history, account: account)
        #expect(instants(result) == [8: "2026-12-01T09:30:00Z"])
    }

    @Test func crossPostGapThenRespectsTheChannelsSlots() {
        let account = AccountRules(timeZone: Self.berlin, crossPostGap: span("30min"))
        let channels = [
            ChannelRules(name: "mastodon", timeZone: Self.berlin),
            ChannelRules(name: "linkedin", timeZone: Self.berlin, slots: [calendar("*:00/15")]),
        ]
        let result = plan(now: "2026-12-01T09:00:00Z", channels, [pending(7, "mastodon", post: 3), pending(8, "linkedin", post: 3)], account: account)
        #expect(instants(result) == [7: "2026-12-01T09:00:00Z", 8: "2026-12-01T09:30:00Z"])
    }

    // MARK: jitter

    @Test func jitterDelaysByADeterministicOffsetBelowTheSpan() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, jitter: span("10min"))
        let pendingDeliveries = (1...50).map { pending(DeliveryID($0)) }
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], pendingDeliveries)
        let now = at("2026-12-01T09:00:00Z")
        let offsets = result.entries.compactMap { $0.at?.timeIntervalSince(now) }
        #expect(offsets.allSatisfy { $0 >= 0 && $0 < 600 && $0 == $0.rounded() })
        #expect(Set(offsets).count > 30)
        #expect(result == plan(now: "2026-12-01T09:00:00Z", [channel], pendingDeliveries.reversed()))
        let first = result.entry(for: 1)!
        #expect(first.reasons == [Deferral(rule: "jitter", detail: "jitter +\(TimeSpan(seconds: first.at!.timeIntervalSince(now)))")])
    }

    @Test func jitterDelaysASlotAndNeverReachesIntoABlackout() {
        // The slot 17:55 would jitter into 18:00–18:09, which the blackout blocks: the next slot is taken.
        let channel = ChannelRules(
            name: "outbox", timeZone: Self.berlin, slots: [calendar("17:55"), calendar("19:30")], blackout: [calendar("18:00..09")],
            jitter: span("10min"))
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], [pending(1)])
        let planned = result.entry(for: 1)!.at!
        #expect(planned >= at("2026-12-01T18:30:00Z") && planned < at("2026-12-01T18:40:00Z"))
        #expect(details(result, 1).contains("blackout *-*-* 18:00..09:00"))
    }

    @Test func jitterKeepsTheGapToEveryOtherDelivery() {
        let channel = ChannelRules(name: "outbox", timeZone: Self.berlin, minGap: span("30min"), jitter: span("20min"))
        let result = plan(now: "2026-12-01T09:00:00Z", [channel], (1...20).map { pending(DeliveryID($0)) })
        let times = result.entries.compactMap(\.at).sorted()
        #expect(zip(times, times.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 1800 })
    }

    // MARK: pause

    @Test func aPausedChannelPlansNothingAndSaysSo() {
        let channels = [ChannelRules(name: "linkedin", timeZone: Self.berlin, paused: true), ChannelRules(name: "x", timeZone: Self.berlin)]
        let result = plan(now: "2026-12-01T09:00:00Z", channels, [pending(1, "linkedin"), pending(2, "x")])
        #expect(instants(result) == [1: "never", 2: "2026-12-01T09:00:00Z"])
        #expect(result.entry(for: 1)?.reasons == [Deferral(rule: "paused", detail: "channel linkedin is paused")])
    }

    @Test func aPausedQueuePlansNothing() {
        let result = plan(now: "2026-12-01T09:00:00Z", [ChannelRules(name: "x", timeZone: Self.berlin)], [pending(1, "x")], paused: true)
        #expect(result.entry(for: 1)?.at == nil)
        #expect(details(result, 1) == ["the queue is paused"])
        #expect(result.next == nil)
    }
}
