import Foundation
import PacerStore

/// The one claimed delivery of the engine: its claim is committed, and its channel call is in
/// flight or waits for its planned instant (the claim is made up to ``Engine/claimLead`` before it).
struct InFlight: Sendable {
    /// The committed claim: the delivery, its post and the attempt.
    var claim: Claim
    var channel: String
    /// The instant the plan gave it; the channel is not called before it.
    var plannedAt: Date
}
