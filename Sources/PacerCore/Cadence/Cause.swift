/// Why a search moved a candidate later. A search notes plain values as it steps, and the
/// planner puts them into words (``Deferral``) once the delivery is placed.
enum Cause: Sendable {
    /// The window met the blackout expression at this index of the channel's list.
    case blackout(Int)
    /// The candidate moved to this slot instant.
    case slot(Int64)
    /// A taken instant was closer than the gap (channel's, or the account's).
    case gap(Ledger.Entry, account: Bool)
    /// A local day's budget was used up (day index).
    case day(Int, account: Bool)
    /// An ISO week's budget was used up (week index).
    case week(Int, account: Bool)
    /// The same post goes out on another channel closer than `cross_post_gap`.
    case crossPost(Ledger.Entry)

    /// One key per rule: a search keeps the last cause of each.
    var rule: Int {
        switch self {
        case .blackout: 0
        case .slot: 1
        case .gap(_, let account): account ? 5 : 2
        case .day(_, let account): account ? 6 : 3
        case .week(_, let account): account ? 7 : 4
        case .crossPost: 8
        }
    }
}

extension [Cause] {
    /// Keeps `cause` as its rule's: in the rule's place if it applied before, else last. So the
    /// list holds one cause per rule, in the order the rules first applied, each the last that did.
    mutating func note(_ cause: Cause) {
        if let index = firstIndex(where: { $0.rule == cause.rule }) {
            self[index] = cause
        } else {
            append(cause)
        }
    }

    /// Notes every cause of `others`, in their order.
    mutating func note(contentsOf others: [Cause]) {
        if isEmpty { return self = others }
        for cause in others { note(cause) }
    }
}
