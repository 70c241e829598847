/// One channel's side of the plan: its ledger, its slot and blackout expressions, and the search
/// for the earliest admissible base: a slot instant (if there are slots) whose window
/// `[b, b + jitter]` is outside the blackouts and keeps the channel's and the account's gaps and caps.
///
/// Taking an instant only ever makes admissibility stricter, whatever the delivery, so a search
/// resumes where the last one ruled out a stretch: each stretch is walked about once per channel
/// and plan. Every search is bounded by ``horizon`` and ``stepLimit``.
struct ChannelSchedule {
    let rules: ChannelRules
    var ledger: Ledger
    let budget: Budget
    private let window: Int64
    /// The index of the channel's slot table among the plan's: channels with the same slots in
    /// the same zone share one, and the day tables behind it.
    let slotTable: Int
    private var blackouts: [Blackout]
    /// The stretch `ruledOutStart ..< ruledOutEnd` known to be inadmissible (empty at first), and
    /// the causes met walking it.
    private var ruledOutStart: Int64 = 0
    private var ruledOutEnd: Int64 = 0
    private var ruledOutCauses: [Cause] = []
    /// Whether `ruledOutEnd` is where a search ran out of steps: a search that arrives there gives
    /// up too, instead of each delivery behind it walking as far again.
    private var ruledOutGaveUp = false
    /// Whether the last search that found nothing ran out of steps (rather than reaching its
    /// horizon or the last slot).
    private(set) var lastSearchGaveUp = false
    /// The steps the schedule's searches took, for tests that bound the work of a plan.
    private(set) var stepsTaken = 0
    /// Where the last look ahead of ``passTakenSlots(from:gap:horizon:slots:account:causes:)`` stopped,
    /// used or not.
    private var lookaheadEnd = Int64.min

    /// No search looks further ahead than this (about ten years): enough for a long queue under
    /// tight caps; only a configuration that cannot be satisfied reaches it.
    static let horizon: Int64 = 3_660 * LocalCalendar.microsecondsPerDay

    /// No search takes more steps than this: enough to pass ten years of blocked days (a step a
    /// day, plus one a minute on days with a clock change), few enough to end in milliseconds.
    static let stepLimit = 100_000

    init(rules: ChannelRules, slotTable: Int) {
        self.rules = rules
        let calendar = LocalCalendar(rules.timeZone)
        ledger = Ledger(calendar: calendar)
        budget = Budget(rules: rules)
        let window = Jitter.window(rules.jitter)
        self.window = window
        self.slotTable = slotTable
        blackouts = rules.blackout.map { Blackout(spec: $0, channelCalendar: calendar, window: window) }
    }

    /// Why nothing can ever be planned on this channel, if so.
    var impossible: Deferral? { budget.impossible }

    /// The channel's ``Opening`` from the plan's now; nil until a delivery on the channel asks.
    private var openingFromNow: Opening?

    /// Why nothing can be planned on this channel in the year after `now`, the plan's (see
    /// ``Opening``), if so; looked for once per plan, when the first delivery on the channel asks.
    mutating func closedReason(now: Int64, slots: inout SlotTable) -> Deferral? {
        if openingFromNow == nil { openingFromNow = opening(from: now, slots: &slots) }
        return openingFromNow?.reason(rules: rules)
    }

    /// Whether an instant in the year after `start` is open: a slot instant (if there are slots)
    /// whose window meets no blackout; gaps and caps are not looked at.
    mutating func opening(from start: Int64, slots: inout SlotTable) -> Opening {
        let limit = start + Opening.span
        var base = start
        var onSlot = false
        var steps = Self.stepLimit
        defer { stepsTaken += Self.stepLimit - steps }
        while base <= limit {
            guard steps > 0 else { return .gaveUp(base) }
            steps -= 1
            if let (until, _) = passBlackouts(at: base, through: base + window, horizon: limit, naming: false, steps: &steps) {
                base = until
                onSlot = false
                continue
            }
            if !onSlot, !slots.isEmpty {
                guard let next = slots.next(atOrAfter: base) else { return .never }
                if next > base {
                    base = next
                    onSlot = true
                    continue
                }
            }
            return .open(base)
        }
        return .never
    }

    /// The earliest admissible base at or after `start`, with `slots` the channel's slot table;
    /// nil if none is found. Why it is later than `start` is noted in `causes`. Only a search with
    /// `remember` (from a delivery's earliest instant, with no causes yet) becomes the remembered one.
    mutating func earliestBase(
        from start: Int64, slots: inout SlotTable, account: Ledger, accountBudget: Budget, remember: Bool,
        causes: inout [Cause]
    ) -> Int64? {
        precondition(!remember || causes.isEmpty, "a remembered search starts with no causes")
        var base = start
        var searchStart = start
        let horizon = start + Self.horizon
        // `base` is the slot table's own answer: asking the table again would give it back.
        var onSlot = false
        // A look ahead over taken slots that could not be used is not tried again before where it ended.
        var lookaheadFrom = Int64.min
        var steps = Self.stepLimit
        var gaveUp = false
        defer { stepsTaken += Self.stepLimit - steps }
        search: while base <= horizon {
            guard steps > 0 else {
                gaveUp = true
                break search
            }
            steps -= 1
            if ruledOutStart <= base, base < ruledOutEnd {
                base = ruledOutEnd
                onSlot = false
                searchStart = min(searchStart, ruledOutStart)
                causes.note(contentsOf: ruledOutCauses)
                if ruledOutGaveUp {
                    gaveUp = true
                    break search
                }
            }
            let end = base + window
            if let (until, index) = passBlackouts(at: base, through: end, horizon: horizon, naming: true, steps: &steps) {
                base = until
                onSlot = false
                causes.note(.blackout(index))
                continue search
            }
            if !onSlot, !slots.isEmpty {
                guard let next = slots.next(atOrAfter: base) else { break search }
                if next > base {
                    base = next
                    onSlot = true
                    causes.note(.slot(next))
                    continue search
                }
            }
            if let (later, cause) = budget.conflict(base: base, end: end, in: ledger)
                ?? accountBudget.conflict(base: base, end: end, in: account) {
                causes.note(cause)
                if later >= lookaheadFrom, case .gap(_, account: true) = cause, let gap = accountBudget.minGap, !slots.isEmpty {
                    if let free = passTakenSlots(from: later, gap: gap, horizon: horizon, slots: &slots, account: account, causes: &causes) {
                        base = free
                        onSlot = true
                        continue search
                    }
                    lookaheadFrom = lookaheadEnd
                }
                base = later
                onSlot = false
                continue search
            }
            if remember, base > searchStart { keepRuledOut(searchStart, base, causes, gaveUp: false) }
            return base
        }
        // Everything walked is still ruled out: the next search need not walk it again.
        if remember, base > searchStart { keepRuledOut(searchStart, base, causes, gaveUp: gaveUp) }
        lastSearchGaveUp = gaveUp
        return nil
    }

    /// Where the window `[base, end]` gets past the first blackout it meets, and that blackout's
    /// index; nil when it meets none. With `naming`, it stops where a blackout listed earlier begins
    /// to meet the window, so that the reasons name the blackout a minute-by-minute search would.
    private mutating func passBlackouts(
        at base: Int64, through end: Int64, horizon: Int64, naming: Bool, steps: inout Int
    ) -> (Int64, Int)? {
        var limit = horizon + 1
        for index in blackouts.indices {
            if let until = blackouts[index].blockedUntil(from: base, through: end, stoppingAt: limit, steps: &steps) {
                return (until, index)
            }
            if naming { limit = min(limit, blackouts[index].clearUntil - window) }
        }
        return nil
    }

    /// Takes the search from `start` past the slots that other channels' deliveries block with the
    /// account-wide gap, to the first free one, checking the other rules once for the stretch
    /// passed; nil (nothing noted) when anything else in it needs a look. Channels sharing a slot
    /// grid meet such stretches at every search; walking them step by step took 4× the steps.
    private mutating func passTakenSlots(
        from start: Int64, gap: Int64, horizon: Int64, slots: inout SlotTable, account: Ledger, causes: inout [Cause]
    ) -> Int64? {
        guard let first = slots.next(atOrAfter: start), first > start else { return nil }
        var slot = first
        var passed: (slot: Int64, blocker: Ledger.Entry)?
        while let blocker = account.latest(between: slot - gap, and: slot + window + gap) {
            passed = (slot, blocker)
            let after = blocker.at + gap
            guard after <= horizon, let next = slots.next(atOrAfter: after), next > after else {
                lookaheadEnd = after
                return nil
            }
            slot = next
        }
        lookaheadEnd = slot
        guard let passed, slot <= horizon else { return nil }
        if ruledOutStart < ruledOutEnd, ruledOutEnd > start, ruledOutStart < slot { return nil }
        for index in blackouts.indices where blackouts[index].blocks(from: start, through: slot - 1 + window) { return nil }
        if budget.conflict(base: first, end: passed.slot + window, in: ledger) != nil { return nil }
        causes.note(.slot(first))
        causes.note(.gap(passed.blocker, account: true))
        causes.note(.slot(slot))
        return slot
    }

    /// Keeps `[start, end)` as the stretch known to be inadmissible, joined to the one kept so
    /// far when the two meet; `gaveUp` when the search that walked it ran out of steps at `end`.
    private mutating func keepRuledOut(_ start: Int64, _ end: Int64, _ causes: [Cause], gaveUp: Bool) {
        if ruledOutStart < ruledOutEnd, start <= ruledOutEnd, ruledOutStart <= end {
            ruledOutCauses.note(contentsOf: causes)
            ruledOutStart = min(start, ruledOutStart)
            if end >= ruledOutEnd { ruledOutGaveUp = gaveUp }
            ruledOutEnd = max(end, ruledOutEnd)
        } else {
            ruledOutCauses = causes
            ruledOutStart = start
            ruledOutEnd = end
            ruledOutGaveUp = gaveUp
        }
    }
}
