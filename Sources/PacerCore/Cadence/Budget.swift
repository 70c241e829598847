/// The gap and the caps one ledger enforces (a channel's, or the account's), and the reasons
/// they give.
///
/// A candidate is a **window** `[base, base + jitter]`: the delivery will go out somewhere in it,
/// at its own jitter offset. A window is admissible when every instant in it is, so that
/// whatever the offset, no rule is broken; without jitter the window is a single instant.
struct Budget {
    /// Whose budget: a channel's (by name) or the whole account's.
    enum Scope {
        case channel(String)
        case account
    }

    let scope: Scope
    /// Whether ``scope`` is the account's.
    private let isAccount: Bool
    let minGap: Int64?
    let maxPerDay: Int?
    let maxPerWeek: Int?
    /// The words of a gap reason up to the blocking delivery's id (`min_gap 24h after delivery `).
    private let gapWords: String

    init(scope: Scope, minGap: TimeSpan?, maxPerDay: Int?, maxPerWeek: Int?) {
        self.scope = scope
        isAccount = if case .account = scope { true } else { false }
        self.minGap = minGap.map(\.microseconds).flatMap { $0 > 0 ? $0 : nil }
        self.maxPerDay = maxPerDay
        self.maxPerWeek = maxPerWeek
        let gapText = minGap?.description ?? ""
        gapWords = switch scope {
        case .channel: "min_gap \(gapText) after delivery "
        case .account: "account min_gap \(gapText) after delivery "
        }
    }

    /// A channel's budget.
    init(rules: ChannelRules) {
        self.init(scope: .channel(rules.name), minGap: rules.minGap, maxPerDay: rules.maxPerDay, maxPerWeek: rules.maxPerWeek)
    }

    var isEmpty: Bool { minGap == nil && maxPerDay == nil && maxPerWeek == nil }

    /// The earliest base at which the window can start given the first rule the window
    /// `[base, end]` breaks, with its cause; nil when it breaks none. `days` is a cursor on the
    /// ledger's calendar, `hint` the caller's place in the ledger (``Ledger/latest(between:and:hint:)``).
    ///
    /// Always inlined: a search step asks the channel's budget and the account's, and the call
    /// itself cost about a tenth of the checks (a measured 1.5% of a plan's instructions).
    @inline(__always)
    func conflict(base: Int64, end: Int64, in ledger: Ledger, days: inout DayCursor, hint: inout Int) -> (base: Int64, cause: Cause)? {
        let account = isAccount
        if let gap = minGap, let blocker = ledger.latest(between: base - gap, and: end + gap, hint: &hint) {
            return (blocker.at + gap, .gap(Blocker(blocker), account: account))
        }
        guard maxPerDay != nil || maxPerWeek != nil else { return nil }
        let first = days.day(of: base)
        let last = max(first, days.day(of: end))
        if let limit = maxPerDay {
            for day in first...last where ledger.count(day: day) >= limit {
                return (days.start(ofDay: day + 1), .day(day, account: account))
            }
        }
        if let limit = maxPerWeek {
            let firstWeek = LocalCalendar.week(ofDay: first)
            for week in firstWeek...max(firstWeek, LocalCalendar.week(ofDay: last)) where ledger.count(week: week) >= limit {
                return (days.start(ofDay: LocalCalendar.firstDay(ofWeek: week + 1)), .week(week, account: account))
            }
        }
        return nil
    }

    /// A gap or cap cause in words; nil for causes of other rules.
    func describe(_ cause: Cause, channelNames: [String]) -> Deferral? {
        switch cause {
        case .gap(let blocker, _):
            switch scope {
            case .channel:
                Deferral(rule: "min_gap", detail: gapDetail(blocker.delivery, on: nil))
            case .account:
                Deferral(rule: "cadence.min_gap", detail: gapDetail(blocker.delivery, on: channelNames[Int(blocker.channel)]))
            }
        case .day(let day, _): capReason("max_per_day", maxPerDay ?? 0, ZonedDay(index: day).label)
        case .week(let week, _): capReason("max_per_week", maxPerWeek ?? 0, "week \(LocalCalendar.label(ofWeek: week))")
        case .blackout, .slot, .crossPost: nil
        }
    }

    /// `min_gap 24h after delivery 12`, or `account min_gap 24h after delivery 12 (on outbox)`.
    private func gapDetail(_ delivery: DeliveryID, on channel: String?) -> String {
        if let channel { return ReasonText.naming(delivery, after: gapWords, then: " (on ", channel, ")") }
        return ReasonText.naming(delivery, after: gapWords)
    }

    /// Why nothing can ever be planned under this budget (a cap of zero or less), if so.
    var impossible: Deferral? {
        if let limit = maxPerDay, limit <= 0 { return capReason("max_per_day", limit, "every day") }
        if let limit = maxPerWeek, limit <= 0 { return capReason("max_per_week", limit, "every week") }
        return nil
    }

    private func capReason(_ rule: String, _ limit: Int, _ period: String) -> Deferral {
        switch scope {
        case .channel(let name):
            Deferral(rule: rule, detail: "\(rule) \(limit) reached on \(name) for \(period)")
        case .account:
            Deferral(rule: "cadence.\(rule)", detail: "account \(rule) \(limit) reached for \(period)")
        }
    }
}
