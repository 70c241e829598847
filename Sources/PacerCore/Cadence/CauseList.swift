/// The causes of a search, one per rule (``Cause/rule``): in the order the rules first applied,
/// each the last that applied.
///
/// Where each rule's cause sits is kept in four bits per rule, so noting a cause is a shift and
/// a store, not a scan of the list.
struct CauseList {
    /// The causes, in the order their rules first applied.
    private(set) var causes: [Cause] = []
    /// For each rule `r`, bits `4r ..< 4r + 4` hold the index of its cause in `causes` plus one
    /// (0: the rule has not applied).
    private var positions: UInt64 = 0

    init() {
        causes.reserveCapacity(Cause.ruleCount)
    }

    var isEmpty: Bool { causes.isEmpty }

    /// The causes in an array of their own, sized to fit: a plan keeps one per delivery, while
    /// this list keeps its storage (room for every rule) for the next search.
    var kept: [Cause] { causes.isEmpty ? [] : causes.map { $0 } }

    /// Keeps `cause` as its rule's: in the rule's place if it applied before, else last.
    mutating func note(_ cause: Cause) {
        let shift = UInt64(4 * cause.rule)
        let position = Int((positions >> shift) & 0xF)
        if position > 0 {
            causes[position - 1] = cause
        } else {
            causes.append(cause)
            positions |= UInt64(causes.count) << shift
        }
    }

    /// Notes every cause of `other`, in its order.
    mutating func note(contentsOf other: CauseList) {
        // When `other` holds this list's rules in their places (first, in the same order), noting
        // its causes one by one would give `other` back.
        let rules = (positions | positions >> 1 | positions >> 2 | positions >> 3) & 0x1111_1111_1111_1111
        if other.positions & (rules * 0xF) == positions {
            replace(with: other)
        } else {
            for cause in other.causes { note(cause) }
        }
    }

    /// Becomes a copy of `other`, in storage it already owns.
    mutating func replace(with other: CauseList) {
        causes.removeAll(keepingCapacity: true)
        causes.append(contentsOf: other.causes)
        positions = other.positions
    }

    /// Forgets every cause, keeping the storage.
    mutating func removeAll() {
        causes.removeAll(keepingCapacity: true)
        positions = 0
    }
}
