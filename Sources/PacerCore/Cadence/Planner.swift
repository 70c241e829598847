import Foundation

/// Plans every pending delivery under its channel's and the account's cadence rules.
///
/// A pure function of its input: the same input always gives the same plan, and time is an
/// argument (`PlanningInput.now`), so tests never sleep. Deliveries are placed first come,
/// first served: in order of their earliest possible instant, then of their rank (the id unless
/// `pacer move` changed it), then of their id; each gets the
/// earliest instant every rule allows given the ones placed before it. `docs/cadence.md`
/// describes every rule and reason.
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
        // Plain keys with the delivery's index, so that sorting compares integers instead of
        // copying deliveries. Those that can start now come first, and a queue usually lists them
        // in rank order already: the sort sees that in one pass, and only the others are sorted.
        var startingNow: [(rank: Int64, id: DeliveryID, index: Int)] = []
        var startingLater: [(start: Int64, rank: Int64, id: DeliveryID, index: Int)] = []
        startingNow.reserveCapacity(input.pending.count)
        for index in input.pending.indices {
            let start = input.pending[index].notBefore.map(LocalCalendar.microseconds) ?? now
            if start <= now {
                startingNow.append((input.pending[index].rank, input.pending[index].id, index))
            } else {
                startingLater.append((start, input.pending[index].rank, input.pending[index].id, index))
            }
        }
        startingNow.sort { ($0.rank, $0.id) < ($1.rank, $1.id) }
        startingLater.sort { ($0.start, $0.rank, $0.id) < ($1.start, $1.rank, $1.id) }
        let order = startingNow.map { (start: now, index: $0.index) } + startingLater.map { (start: $0.start, index: $0.index) }
        var placed: [PlannedDelivery] = []
        placed.reserveCapacity(order.count)
        for key in order {
            placed.append(planning.place(input.pending[key.index], from: key.start))
        }
        // Planned ones by instant, then the unplanned (at infinity); ties by delivery id, then placing order.
        var planned = placed.indices.map { index in
            (at: placed[index].at?.timeIntervalSinceReferenceDate ?? .infinity, id: placed[index].deliveryID, index: index)
        }
        planned.sort { ($0.at, $0.id, $0.index) < ($1.at, $1.id, $1.index) }
        arrange(&placed, as: planned.map(\.index))
        return (Plan(entries: placed), planning.schedules.reduce(0) { $0 + $1.stepsTaken })
    }

    /// Puts `entries[order[k]]` at position `k`, for every `k`, by swapping entries along the
    /// permutation's cycles: entries are moved, never copied.
    private static func arrange(_ entries: inout [PlannedDelivery], as order: [Int]) {
        var source = order
        entries.withUnsafeMutableBufferPointer { entries in
            for start in source.indices where source[start] != start {
                var position = start
                while source[position] != start {
                    let next = source[position]
                    entries.swapAt(position, next)
                    source[position] = position
                    position = next
                }
                source[position] = position
            }
        }
    }
}

/// The mutable state of one planning run: each channel's schedule, the account's ledger and the
/// instants each post already has.
private struct Planning {
    let input: PlanningInput
    let now: Int64
    /// Channel indices by name: configured channels by name order, then channels only the
    /// history mentions.
    let channels: ChannelNumbers
    var schedules: [ChannelSchedule]
    /// The channels' slot tables, one per distinct slots and zone.
    var slotTables: [SlotTable]
    var account: Ledger
    let accountBudget: Budget
    let crossPostGap: Int64?
    var posts: PostInstants
    /// What the deliveries' reasons are worded from, when they are read.
    let book: ReasonBook
    /// The causes of the delivery being placed, one per rule; the placed delivery's reasons
    /// keep its array (``Reasons/Found``).
    var causes = CauseList()

    init(_ input: PlanningInput) {
        self.input = input
        now = LocalCalendar.microseconds(input.now)
        let configured = input.channels.values.sorted { $0.name < $1.name }
        var channels = ChannelNumbers()
        for rules in configured { channels.add(rules.name) }
        let accountCalendar = LocalCalendar(input.account.timeZone)
        var tableIndex: [SlotTable.Key: Int] = [:]
        slotTables = []
        schedules = []
        for rules in configured {
            let key = SlotTable.Key(specs: rules.slots, zone: rules.timeZone.identifier)
            let table = tableIndex[key] ?? slotTables.count
            if table == slotTables.count {
                tableIndex[key] = table
                slotTables.append(SlotTable(specs: rules.slots, calendar: LocalCalendar(rules.timeZone)))
            }
            schedules.append(ChannelSchedule(rules: rules, accountCalendar: accountCalendar, slotTable: table))
        }
        account = Ledger(calendar: accountCalendar)
        accountBudget = Budget(
            scope: .account, minGap: input.account.minGap, maxPerDay: input.account.maxPerDay, maxPerWeek: input.account.maxPerWeek)
        crossPostGap = input.account.crossPostGap.map(\.microseconds).flatMap { $0 > 0 ? $0 : nil }
        posts = PostInstants(capacity: crossPostGap == nil ? 0 : input.pending.count + input.history.count)
        for past in input.history { channels.add(past.channel) }
        self.channels = channels
        book = ReasonBook(configured: configured, channelNames: channels.names, account: accountBudget, crossPostGap: crossPostGap)
        for past in input.history {
            let channel = channels.number(of: past.channel) ?? 0
            record(Ledger.Entry(at: LocalCalendar.microseconds(past.at), delivery: past.id, channel: channel), post: post(past.postID))
        }
    }

    /// Plans one delivery whose earliest instant is `start`, and takes its instant.
    mutating func place(_ delivery: PendingDelivery, from start: Int64) -> PlannedDelivery {
        func unplanned(_ reasons: [Deferral], _ action: LateAction? = nil) -> PlannedDelivery {
            PlannedDelivery(
                deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: nil, reasons: reasons, lateAction: action)
        }
        if input.paused { return unplanned([Deferral(rule: "paused", detail: "the queue is paused")]) }
        guard let channel = channels.number(of: delivery.channel), channel < schedules.count else {
            return unplanned([Deferral(rule: "channel", detail: "channel \(delivery.channel) is not configured")])
        }
        if schedules[channel].rules.paused { return unplanned([Deferral(rule: "paused", detail: "channel \(delivery.channel) is paused")]) }

        var early: Date?
        if let notBefore = delivery.notBefore, LocalCalendar.microseconds(notBefore) > now { early = notBefore }
        var late: Deferral?
        if delivery.previousPlannedAt != nil, let reason = lateness(of: delivery, channel: channel) {
            switch schedules[channel].rules.late {
            case .reslot: late = reason
            case .hold: return unplanned([reason], .hold(reason.detail))
            case .skip: return unplanned([reason], .skip(reason.detail))
            }
        }
        if let impossible = schedules[channel].impossible ?? accountBudget.impossible {
            return unplanned([early.map(Reasons.notBefore), late].compactMap { $0 } + [impossible, book.noInstant(channel)])
        }
        if let closed = schedules[channel].closedReason(now: now, slots: &slotTables[schedules[channel].slotTable]) {
            return unplanned([early.map(Reasons.notBefore), late].compactMap { $0 } + [closed])
        }

        let offset = Jitter.offset(for: delivery.id, within: schedules[channel].rules.jitter)
        let post = crossPostGap == nil ? nil : posts.number(of: delivery.postID)
        var from = start
        var remember = true
        var planned: Int64?
        // One cause per rule, in the order the rules first applied, each the last that applied.
        causes.removeAll()
        while planned == nil {
            guard let base = schedules[channel].earliestBase(
                from: from, slots: &slotTables[schedules[channel].slotTable], account: account, accountBudget: accountBudget,
                remember: remember, causes: &causes)
            else { break }
            let instant = base + offset
            if let gap = crossPostGap, let post, let other = posts.conflict(post: post, channel: channel, at: instant, gap: gap) {
                from = other.at + gap - offset
                remember = false
                causes.note(.crossPost(Blocker(other)))
                continue
            }
            planned = instant
        }
        let outcome: Reasons.Outcome = planned != nil ? .planned(jitter: offset) : schedules[channel].lastSearchGaveUp ? .gaveUp : .noInstant
        let reasons = Reasons(Reasons.Found(book: book, channel: channel, notBefore: early, late: late, causes: causes.kept, outcome: outcome))
        guard let planned else {
            return PlannedDelivery(deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: nil, reasons: reasons)
        }
        record(Ledger.Entry(at: planned, delivery: delivery.id, channel: channel), post: post)
        return PlannedDelivery(
            deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: LocalCalendar.date(planned), reasons: reasons)
    }

    /// The `late` reason of a delivery on `channel` whose previous instant is more than
    /// `max_lateness` before now.
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

    /// The number of `post` among the posts, when cross-posts are kept apart.
    private mutating func post(_ post: PostID?) -> Int? {
        guard crossPostGap != nil, let post else { return nil }
        return posts.number(of: post)
    }

    /// Takes an instant in its channel's ledger, the account's and its post's (by number).
    private mutating func record(_ entry: Ledger.Entry, post: Int?) {
        if entry.channel < schedules.count { schedules[entry.channel].ledger.take(entry) }
        if !accountBudget.isEmpty { account.take(entry) }
        if let post { posts.record(entry, post: post) }
    }
}
