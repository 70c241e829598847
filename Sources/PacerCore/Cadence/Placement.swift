import Foundation

/// Where the planner put one delivery, and why, before every delivery's causes are known:
/// ``Planner/plan(_:)`` makes the delivery's plan entry from it once the plan's ``ReasonBook``
/// holds them all.
struct Placement {
    /// Why the delivery has the instant it has, or none.
    enum Outcome {
        /// A search ran: its findings, worded from the plan's book when read.
        case found(Reasons.Found)
        /// No search ran (the queue or the channel is paused, the channel is unknown, the rules
        /// allow no instant, or a late delivery is held or skipped): the reasons in words.
        case unplanned([Deferral], LateAction?)
    }

    /// The delivery's index in the planning input's pending list.
    let delivery: Int
    /// Its instant, in microseconds since 1970; nil when no rule allows one.
    let at: Int64?
    let outcome: Outcome

    /// The plan entry of this placement, whose delivery is `pending[delivery]`.
    func entry(of pending: [PendingDelivery], book: ReasonBook) -> PlannedDelivery {
        let delivery = pending[delivery]
        let reasons: Reasons
        var lateAction: LateAction?
        switch outcome {
        case .found(let found):
            reasons = Reasons(found, book: book)
        case .unplanned(let words, let action):
            reasons = Reasons(words)
            lateAction = action
        }
        return PlannedDelivery(
            deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: at.map(LocalCalendar.date),
            reasons: reasons, lateAction: lateAction)
    }
}
