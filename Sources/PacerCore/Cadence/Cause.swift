/// Why a search moved a candidate later, kept as plain values while searching and put into
/// words (a `Deferral`) once per delivery, when it is placed, so that searching allocates no
/// strings.
enum Cause {
    /// The window met the blackout expression at this index of the channel's list.
    case blackout(Int)
    /// The candidate moved to this slot instant.
    case slot(Int64)
    /// A taken instant was closer than the gap (channel's, or the account's).
    case gap(account: Bool, Ledger.Entry)
    /// A local day's budget was used up (day index).
    case day(account: Bool, Int)
    /// An ISO week's budget was used up (week index).
    case week(account: Bool, Int)
    /// The same post goes out on another channel closer than `cross_post_gap` (that instant).
    case crossPost(Ledger.Entry)

    /// One key per rule: a search keeps the last cause of each.
    var rule: Int {
        switch self {
        case .blackout: 0
        case .slot: 1
        case .gap(let account, _): account ? 5 : 2
        case .day(let account, _): account ? 6 : 3
        case .week(let account, _): account ? 7 : 4
        case .crossPost: 8
        }
    }

    /// How many distinct ``rule`` keys there are: the most causes a ``CauseList`` holds.
    static let ruleCount = 9
}
