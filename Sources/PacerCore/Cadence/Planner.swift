import Foundation

/// Plans every pending delivery under its channel's and the account's cadence rules.
///
/// A pure function of its input, time included (`PlanningInput.now`). Deliveries are placed in
/// order of their earliest instant, rank (`pacer move`) and id, each at the earliest instant every
/// rule allows given the ones placed before it. `docs/cadence.md` describes every rule and reason.
public enum Planner {
    /// The plan for `input`, in planned order; deliveries that cannot be planned come last.
    public static func plan(_ input: PlanningInput) -> Plan {
        planCountingSteps(input).plan
    }

    /// ``plan(_:)``, and the steps its searches took on all channels: how tests bound the work of
    /// a plan without timing it.
    static func planCountingSteps(_ input: PlanningInput) -> (plan: Plan, steps: Int) {
        var planning = Planning(input)
        let now = LocalCalendar.microseconds(input.now)
        let keys = input.pending.map { delivery in
            (start: max(delivery.notBefore.map(LocalCalendar.microseconds) ?? now, now), rank: delivery.rank, id: delivery.id)
        }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        let placed = order.map { planning.place(input.pending[$0], from: keys[$0].start) }
        // Planned ones by instant, then the unplanned (at infinity); ties by delivery id, then placing order.
        let instants = placed.indices.map { (at: placed[$0].at?.timeIntervalSinceReferenceDate ?? .infinity, id: placed[$0].deliveryID, index: $0) }
        let planned = instants.indices.sorted { instants[$0] < instants[$1] }
        return (Plan(entries: planned.map { placed[$0] }), planning.schedules.reduce(0) { $0 + $1.stepsTaken })
    }
}

/// The mutable state of one planning run: the channels' schedules, the account's ledger, the posts' instants.
private struct Planning {
    let input: PlanningInput
    let now: Int64
    /// Channel indices by name: configured channels by name order, then channels only the
    /// history mentions.
    var channelNumbers: [String: Int] = [:]
    var schedules: [ChannelSchedule]
    /// The channels' slot tables, one per distinct slots and zone.
    var slotTables: [SlotTable] = []
    var account: Ledger
    let accountBudget: Budget
    let crossPostGap: Int64?
    var posts = PostInstants()
    /// What the entries' reasons are worded from, when they are read.
    let words: ReasonWords

    init(_ input: PlanningInput) {
        self.input = input
        now = LocalCalendar.microseconds(input.now)
        let configured = input.channels.values.sorted { $0.name < $1.name }
        var tables: [SlotTable.Key: Int] = [:]
        schedules = []
        for rules in configured {
            let key = SlotTable.Key(specs: rules.slots, zone: rules.timeZone.identifier)
            let table = tables[key] ?? slotTables.count
            if table == slotTables.count {
                tables[key] = table
                slotTables.append(SlotTable(specs: rules.slots, calendar: LocalCalendar(rules.timeZone)))
            }
            schedules.append(ChannelSchedule(rules: rules, slotTable: table))
        }
        account = Ledger(calendar: LocalCalendar(input.account.timeZone))
        accountBudget = Budget(
            scope: .account, minGap: input.account.minGap, maxPerDay: input.account.maxPerDay, maxPerWeek: input.account.maxPerWeek)
        crossPostGap = input.account.crossPostGap.map(\.microseconds).flatMap { $0 > 0 ? $0 : nil }
        var channelNames: [String] = []
        for name in configured.map(\.name) + input.history.map(\.channel) where channelNumbers[name] == nil {
            channelNumbers[name] = channelNames.count
            channelNames.append(name)
        }
        words = ReasonWords(channelNames: channelNames, schedules: schedules, account: accountBudget, crossPostGap: input.account.crossPostGap)
        for past in input.history {
            let entry = Ledger.Entry(at: LocalCalendar.microseconds(past.at), delivery: past.id, channel: channelNumbers[past.channel] ?? 0)
            record(entry, post: past.postID)
        }
    }

    /// Plans one delivery whose earliest instant is `start`, and takes its instant.
    mutating func place(_ delivery: PendingDelivery, from start: Int64) -> PlannedDelivery {
        func unplanned(_ reasons: [Deferral], _ action: LateAction? = nil) -> PlannedDelivery {
            PlannedDelivery(
                deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: nil, reasons: reasons, lateAction: action)
        }
        if input.paused { return unplanned([Deferral(rule: "paused", detail: "the queue is paused")]) }
        guard let channel = channelNumbers[delivery.channel], channel < schedules.count else {
            return unplanned([Deferral(rule: "channel", detail: "channel \(delivery.channel) is not configured")])
        }
        if schedules[channel].rules.paused { return unplanned([Deferral(rule: "paused", detail: "channel \(delivery.channel) is paused")]) }

        let notBefore = delivery.notBefore.flatMap { LocalCalendar.microseconds($0) > now ? $0 : nil }
        var late: Deferral?
        if delivery.previousPlannedAt != nil, let reason = lateness(of: delivery, channel: channel) {
            switch schedules[channel].rules.late {
            case .reslot: late = reason
            case .hold: return unplanned([reason], .hold(reason.detail))
            case .skip: return unplanned([reason], .skip(reason.detail))
            }
        }

        if let impossible = schedules[channel].impossible ?? accountBudget.impossible {
            return unplanned(Self.leading(notBefore, late) + [impossible, words.noInstant(channel)])
        }
        if let closed = schedules[channel].closedReason(now: now, slots: &slotTables[schedules[channel].slotTable]) {
            return unplanned(Self.leading(notBefore, late) + [closed])
        }

        let offset = Jitter.offset(for: delivery.id, within: schedules[channel].rules.jitter)
        var from = start
        var remember = true
        var planned: Int64?
        var causes: [Cause] = []
        while planned == nil {
            guard let base = schedules[channel].earliestBase(
                from: from, slots: &slotTables[schedules[channel].slotTable], account: account, accountBudget: accountBudget,
                remember: remember, causes: &causes)
            else { break }
            let instant = base + offset
            if let gap = crossPostGap, let other = posts.conflict(post: delivery.postID, channel: channel, at: instant, gap: gap) {
                from = other.at + gap - offset
                remember = false
                causes.note(.crossPost(other))
                continue
            }
            planned = instant
        }
        let gaveUp = schedules[channel].lastSearchGaveUp
        let reasons: @Sendable () -> [Deferral] = { [causes, planned, late, words] in
            let ending = if planned == nil { gaveUp ? words.gaveUp(channel) : words.noInstant(channel) } else { words.jitter(offset) }
            return Self.leading(notBefore, late) + causes.map { words.describe($0, channel: channel) } + [ending].compactMap { $0 }
        }
        if let planned { record(Ledger.Entry(at: planned, delivery: delivery.id, channel: channel), post: delivery.postID) }
        return PlannedDelivery(
            deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: planned.map(LocalCalendar.date), wordReasons: reasons)
    }

    /// The reasons that come before the rules' causes: not before (`pacer add --at`), then late.
    private static func leading(_ notBefore: Date?, _ late: Deferral?) -> [Deferral] {
        [notBefore.map { Deferral(rule: "at", detail: "not before \(ISOInstant.format($0))") }, late].compactMap { $0 }
    }

    /// The `late` reason of a delivery whose previous instant is more than `max_lateness` ago.
    private func lateness(of delivery: PendingDelivery, channel: Int) -> Deferral? {
        let rules = schedules[channel].rules
        guard let previous = delivery.previousPlannedAt, let limit = rules.maxLateness,
              now - LocalCalendar.microseconds(previous) > limit.microseconds
        else { return nil }
        let due = LocalTime.full(previous, in: rules.timeZone)
        let outcome = switch rules.late {
        case .reslot: ""
        case .hold: "; held (max_lateness \(limit))"
        case .skip: "; skipped (max_lateness \(limit))"
        }
        return Deferral(rule: "late", detail: "late: was due \(due) while pacerd was stopped\(outcome)")
    }

    /// Takes an instant in its channel's ledger, the account's and its post's.
    private mutating func record(_ entry: Ledger.Entry, post: PostID?) {
        if entry.channel < schedules.count { schedules[entry.channel].ledger.take(entry) }
        if !accountBudget.isEmpty { account.take(entry) }
        if crossPostGap != nil, let post { posts.record(entry, post: post) }
    }
}
