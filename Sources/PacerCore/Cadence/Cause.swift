/// Why a search moved a candidate later, kept as plain values while searching and put into
/// words (a `Deferral`) only when a delivery's reasons are read, so that searching allocates no
/// strings.
///
/// A plan keeps every delivery's causes for as long as it lives, so a cause is laid out small:
/// each payload ends with its flag, and a blocking delivery keeps only what a reason names
/// (``Blocker``). A cause takes 16 bytes instead of 40.
enum Cause {
    /// The window met the blackout expression at this index of the channel's list.
    case blackout(Int)
    /// The candidate moved to this slot instant.
    case slot(Int64)
    /// A taken instant was closer than the gap (channel's, or the account's).
    case gap(Blocker, account: Bool)
    /// A local day's budget was used up (day index).
    case day(Int, account: Bool)
    /// An ISO week's budget was used up (week index).
    case week(Int, account: Bool)
    /// The same post goes out on another channel closer than `cross_post_gap`.
    case crossPost(Blocker)

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

    /// How many distinct ``rule`` keys there are: the most causes a ``CauseList`` holds.
    static let ruleCount = 9
}

/// The delivery whose taken instant a gap runs from, as a reason names it: its id and its
/// channel's index.
struct Blocker {
    let delivery: DeliveryID
    let channel: Int32

    init(_ entry: Ledger.Entry) {
        delivery = entry.delivery
        channel = Int32(entry.channel)
    }
}
