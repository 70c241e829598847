import Foundation
import Testing
@testable import PacerCore

/// Thousands of seeded random configurations and queues: every plan keeps every rule (checked
/// here with Foundation's calendar, independently of the planner), is deterministic, and plans
/// every delivery or says why not. A failure prints its seed; `check(seed:)` replays one.
struct PlannerPropertyTests {
    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"].map { TimeZone(identifier: $0)! }
    static let slotChoices = ["Mon..Fri 09..17:00/30", "Tue..Thu 08:30", "*:00/20", "Sat,Sun 10:00", "*-*-* 02:30", "Mon 09:00,15"]
    static let blackoutChoices = ["Sat,Sun", "*-12-24..26", "*-*-01", "12:*", "Wed 08..11:*", "*-03-29", "*-10-25"]
    static let spans = ["10min", "30min", "1h", "3h", "24h"]

    /// A reproducible pseudo-random source (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return Jitter.splitmix64(state)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
    }

    @Test(arguments: 0..<8)
    func randomPlansKeepEveryRule(batch: Int) {
        for seed in (batch * 250)..<((batch + 1) * 250) {
            let failures = check(seed: UInt64(seed))
            #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(3).joined(separator: "; "))")
        }
    }

    /// The violations found for one seed (empty when the plan keeps every rule).
    func check(seed: UInt64) -> [String] {
        var random = Random(state: seed)
        let input = randomInput(&random)
        let plan = Planner.plan(input)
        var failures: [String] = []
        var shuffled = input
        shuffled.pending.reverse()
        if Planner.plan(shuffled) != plan { failures.append("the plan depends on the queue's order") }
        failures += violations(of: plan, input: input)
        return failures
    }

    func randomInput(_ random: inout Random) -> PlanningInput {
        let now = Date(timeIntervalSince1970: 1_767_225_600 + Double(random.below(365 * 24)) * 3600 + Double(random.below(60)) * 60)
        let channelCount = 1 + random.below(3)
        let channels = (0..<channelCount).map { index in
            ChannelRules(
                name: "c\(index)", timeZone: random.pick(Self.zones),
                minGap: random.chance(50) ? try! TimeSpan.parse(random.pick(Self.spans)) : nil,
                maxPerDay: random.chance(40) ? 1 + random.below(4) : nil,
                maxPerWeek: random.chance(30) ? 1 + random.below(8) : nil,
                slots: random.chance(40) ? (0...random.below(2)).map { _ in try! CalendarSpec.parse(random.pick(Self.slotChoices)) } : [],
                blackout: random.chance(40) ? (0...random.below(2)).map { _ in try! CalendarSpec.parse(random.pick(Self.blackoutChoices)) } : [],
                jitter: random.chance(30) ? try! TimeSpan.parse(random.pick(["5min", "17min", "1h"])) : nil,
                paused: random.chance(5),
                maxLateness: random.chance(30) ? try! TimeSpan.parse("2h") : nil,
                late: random.pick(LatePolicy.allCases))
        }
        let account = AccountRules(
            timeZone: random.pick(Self.zones),
            minGap: random.chance(30) ? try! TimeSpan.parse(random.pick(["5min", "45min", "2h"])) : nil,
            maxPerDay: random.chance(30) ? 2 + random.below(4) : nil,
            maxPerWeek: random.chance(20) ? 4 + random.below(10) : nil,
            crossPostGap: random.chance(40) ? try! TimeSpan.parse(random.pick(["30min", "2h"])) : nil)
        var pending: [PendingDelivery] = []
        for index in 0..<(1 + random.below(14)) {
            let notBefore = random.chance(30) ? now.addingTimeInterval(Double(random.below(14 * 24)) * 3600) : nil
            let previous = random.chance(20) ? now.addingTimeInterval(-Double(random.below(6 * 60)) * 60) : nil
            pending.append(PendingDelivery(
                id: DeliveryID(index + 1), postID: PostID(1 + random.below(5)), channel: random.chance(5) ? "gone" : "c\(random.below(channelCount))",
                notBefore: notBefore, previousPlannedAt: previous))
        }
        let history = (0..<random.below(6)).map { index in
            PastDelivery(
                id: DeliveryID(100 + index), channel: "c\(random.below(channelCount))",
                at: now.addingTimeInterval(-Double(random.below(7 * 24 * 60)) * 60), postID: random.chance(50) ? PostID(1 + random.below(5)) : nil)
        }
        return PlanningInput(now: now, channels: channels, pending: pending, history: history, account: account, paused: random.chance(3))
    }

    /// Every rule checked from its definition, with Foundation's calendar for days and weeks.
    func violations(of plan: Plan, input: PlanningInput) -> [String] {
        var failures: [String] = []
        let pendingByID = Dictionary(uniqueKeysWithValues: input.pending.map { ($0.id, $0) })
        var placed: [(id: DeliveryID, post: PostID?, channel: String, at: Date)] = input.history.map { ($0.id, $0.postID, $0.channel, $0.at) }
        for entry in plan.entries {
            guard let at = entry.at else {
                if entry.reasons.isEmpty && entry.lateAction == nil { failures.append("delivery \(entry.deliveryID) is unplanned without a reason") }
                continue
            }
            placed.append((entry.deliveryID, entry.postID, entry.channel, at))
            let delivery = pendingByID[entry.deliveryID]!
            if at < input.now || at < (delivery.notBefore ?? input.now) { failures.append("delivery \(entry.deliveryID) is before its earliest instant") }
            if input.paused { failures.append("delivery \(entry.deliveryID) planned in a paused queue") }
            guard let rules = input.channels[entry.channel] else { failures.append("unknown channel planned"); continue }
            if rules.paused { failures.append("delivery \(entry.deliveryID) planned on a paused channel") }
            let offset = TimeInterval(Jitter.offset(for: entry.deliveryID, within: rules.jitter)) / 1_000_000
            if rules.jitter == nil, !entry.reasons.allSatisfy({ $0.rule != "jitter" }) { failures.append("jitter reason without jitter") }
            if !rules.slots.isEmpty {
                let base = at.addingTimeInterval(-offset)
                if !rules.slots.contains(where: { $0.nextElapse(after: base.addingTimeInterval(-0.000_001), in: rules.timeZone) == base }) {
                    failures.append("delivery \(entry.deliveryID) at \(ISOInstant.format(at)) is not on a slot (+\(offset)s)")
                }
            }
            for spec in rules.blackout where blocks(spec, at, rules.timeZone) {
                failures.append("delivery \(entry.deliveryID) at \(ISOInstant.format(at)) is in blackout \(spec)")
            }
            if let previous = delivery.previousPlannedAt, let limit = rules.maxLateness, input.now.timeIntervalSince(previous) > limit.seconds, rules.late != .reslot {
                failures.append("late delivery \(entry.deliveryID) planned under late = \(rules.late)")
            }
        }
        for (name, rules) in input.channels {
            let mine = placed.filter { $0.channel == name }
            failures += budgetViolations(
                mine.map { ($0.at, $0.id < 100) }, gap: rules.minGap, perDay: rules.maxPerDay, perWeek: rules.maxPerWeek, zone: rules.timeZone, scope: name)
        }
        let account = input.account
        failures += budgetViolations(
            placed.map { ($0.at, $0.id < 100) }, gap: account.minGap, perDay: account.maxPerDay, perWeek: account.maxPerWeek, zone: account.timeZone,
            scope: "account")
        if let gap = account.crossPostGap {
            for first in placed {
                for second in placed where first.id < second.id && first.post != nil && first.post == second.post && first.channel != second.channel {
                    if abs(first.at.timeIntervalSince(second.at)) < gap.seconds - 0.000_5 { failures.append("cross_post_gap broken by \(first.id) and \(second.id)") }
                }
            }
        }
        return failures
    }

    /// Gaps and caps over every placed instant, history included (`planned` tells them apart).
    /// The history alone may break a rule; the plan must not add to it: no planned delivery
    /// closer than the gap to any other, and no day or week with a planned delivery over its cap.
    func budgetViolations(_ instants: [(at: Date, planned: Bool)], gap: TimeSpan?, perDay: Int?, perWeek: Int?, zone: TimeZone, scope: String) -> [String] {
        var failures: [String] = []
        if let gap {
            for (index, first) in instants.enumerated() where first.planned {
                for (otherIndex, second) in instants.enumerated() where otherIndex != index && abs(second.at.timeIntervalSince(first.at)) < gap.seconds - 0.000_5 {
                    failures.append("\(scope) min_gap \(gap) broken at \(ISOInstant.format(first.at)) by \(ISOInstant.format(second.at))")
                }
            }
        }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        if let perDay {
            let days = Dictionary(grouping: instants) { calendar.dateComponents([.year, .month, .day], from: $0.at) }
            for (day, members) in days where members.count > perDay && members.contains(where: \.planned) {
                failures.append("\(scope) max_per_day \(perDay) broken on \(day)")
            }
        }
        if let perWeek {
            let weeks = Dictionary(grouping: instants) { calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: $0.at) }
            for (week, members) in weeks where members.count > perWeek && members.contains(where: \.planned) {
                failures.append("\(scope) max_per_week \(perWeek) broken in \(week)")
            }
        }
        return failures
    }

    /// Whether `spec` blocks `instant`: a day pattern the whole local day it elapses on (days
    /// from Foundation's calendar), an instant pattern the minute after each elapse.
    func blocks(_ spec: CalendarSpec, _ instant: Date, _ zone: TimeZone) -> Bool {
        if spec.normalized.hasSuffix(" 00:00:00") {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let start = calendar.startOfDay(for: instant)
            let end = calendar.date(byAdding: .day, value: 1, to: start)!
            guard let elapse = spec.nextElapse(after: start.addingTimeInterval(-0.000_001), in: zone) else { return false }
            return elapse < end
        }
        guard let elapse = spec.nextElapse(after: instant.addingTimeInterval(-60), in: zone) else { return false }
        return elapse <= instant
    }
}
