import Foundation
import PacerChannels
import PacerStore

/// The one claimed delivery of the engine: its claim is committed, and its channel call is in
/// flight or waits for its planned instant (the claim is made up to ``Engine/claimLead`` before it).
struct InFlight: Sendable {
    /// The committed claim: the delivery, its post and the attempt.
    var claim: Claim
    /// What the channel is given; its `plannedAt` is the instant the channel is not called before.
    var publication: Publication
    /// The channel's publisher as it was when the claim was made: a reload that removes or
    /// changes the channel meanwhile does not take it from the call.
    var publisher: any Publisher
    /// The channel's preparation, started when the claim was made ahead of the instant; the call
    /// waits for it.
    var preparation: Task<Void, Never>?

    var channel: String { publication.channel }
    /// Whether this call is one part of a thread its channel posts part by part.
    var isThreadPart: Bool { publisher.publishesPartByPart && publication.parts.count > 1 }
    var plannedAt: Date { publication.plannedAt }
}
