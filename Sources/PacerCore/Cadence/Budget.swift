/// The gap and the caps one ledger enforces (a channel's, or the account's), and the reasons they
/// give. A candidate **window** `[base, base + jitter]` is admissible when every instant in it is.
struct Budget {
    /// Whose budget: a channel's (by name) or the whole account's.
    enum Scope {
        case channel(String)
        case account
    }

    let scope: Scope
    let minGap: Int64?
    let maxPerDay: Int?
    let maxPerWeek: Int?

    init(scope: Scope, minGap: TimeSpan?, maxPerDay: Int?, maxPerWeek: Int?) {
        self.scope = scope
        self.minGap = minGap.map(\.microseconds).flatMap { $0 > 0 ? $0 : nil }
        self.maxPerDay = maxPerDay
        self.maxPerWeek = maxPerWeek
    }

    /// A channel's budget.
    init(rules: ChannelRules) {
        self.init(scope: .channel(rules.name), minGap: rules.minGap, maxPerDay: rules.maxPerDay, maxPerWeek: rules.maxPerWeek)
    }

    var isEmpty: Bool { minGap == nil && maxPerDay == nil && maxPerWeek == nil }

    private var isAccount: Bool {
        if case .account = scope { true } else { false }
    }

    /// The earliest base at which the window can start given the first rule the window
    /// `[base, end]` breaks, with its cause; nil when it breaks none.
    func conflict(base: Int64, end: Int64, in ledger: Ledger) -> (base: Int64, cause: Cause)? {
        let account = isAccount
        let days = ledger.calendar
        if let gap = minGap, let blocker = ledger.latest(between: base - gap, and: end + gap) {
            return (blocker.at + gap, .gap(blocker, account: account))
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

    /// A gap or cap cause in words; nil for causes of other rules. `channelNames` are the
    /// planner's, by channel index.
    func describe(_ cause: Cause, channelNames: [String]) -> Deferral? {
        let gap = TimeSpan(microseconds: minGap ?? 0)
        return switch cause {
        case .gap(let blocker, _):
            switch scope {
            case .channel:
                Deferral(rule: "min_gap", detail: "min_gap \(gap) after delivery \(blocker.delivery)")
            case .account:
                Deferral(
                    rule: "cadence.min_gap",
                    detail: "account min_gap \(gap) after delivery \(blocker.delivery) (on \(channelNames[blocker.channel]))")
            }
        case .day(let day, _): capReason("max_per_day", maxPerDay ?? 0, ZonedDay(index: day).label)
        case .week(let week, _): capReason("max_per_week", maxPerWeek ?? 0, "week \(LocalCalendar.label(ofWeek: week))")
        case .blackout, .slot, .crossPost: nil
        }
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
