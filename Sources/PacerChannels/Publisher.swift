import Foundation
import PacerCore

/// One delivery handed to a channel, after it was claimed.
public struct Publication: Sendable, Hashable {
    public var deliveryID: DeliveryID
    public var postID: PostID
    public var channel: String
    public var text: String
    public var title: String?
    public var tags: [String]
    public var plannedAt: Date
    /// The store's random id (``PacerStore/Store/installationID``).
    public var installation: String
    /// Stable for the delivery and unique to its store: a channel that honours it can be retried
    /// without a second post, and a recreated store or a second installation posting to the same
    /// account never sends another post under it.
    public var idempotencyKey: String { "pacer-\(installation)-delivery-\(deliveryID)" }

    public init(
        deliveryID: DeliveryID, postID: PostID, channel: String, text: String, title: String?, tags: [String], plannedAt: Date,
        installation: String
    ) {
        self.installation = installation
        self.deliveryID = deliveryID
        self.postID = postID
        self.channel = channel
        self.text = text
        self.title = title
        self.tags = tags
        self.plannedAt = plannedAt
    }
}

/// How a channel call ended.
public enum PublishOutcome: Sendable, Hashable {
    /// It is out; `url` and `externalID` identify it where the channel knows them; `status` is the
    /// HTTP status of the answer that said so, or the command's exit code.
    case published(url: String?, externalID: String?, status: Int? = nil)
    /// Refused for good (bad request, duplicate, too long); `status` is the HTTP status or exit code.
    case failed(reason: String, status: Int?)
    /// Not out, and safe to try again: a 5xx, a refused connection, exit 75, a rate limit.
    /// `after` is the earliest instant the channel allows (a rate-limit reset), if it said;
    /// `consumesAttempt` is false for rate limits, which do not use up the retry budget.
    case retry(reason: String, after: Date?, status: Int?, consumesAttempt: Bool)
    /// Nobody can tell whether it went out (a timeout mid-request, a killed command).
    case unknown(reason: String)
}

/// What a channel can prove about a delivery whose call was interrupted (claimed, then a crash).
public enum Reconciliation: Sendable, Hashable {
    /// It went out.
    case published(url: String?)
    /// It provably did not go out, or sending it again cannot make a second post (an idempotency
    /// key the platform still honours): it is safe to send again.
    case notPublished
    /// The channel cannot tell; a person must decide (`unknown`).
    case undetermined
}

/// A channel that publishes deliveries. Implementations must be safe to call from any task.
public protocol Publisher: Sendable {
    /// Readies a claimed delivery ahead of its instant so that `publish` has less to do then;
    /// nothing may become visible outside the process. Called after the claim is committed, and
    /// `publish` follows once it returns. A failure here must leave `publish` able to do it all.
    func prepare(_ publication: Publication, now: Date) async

    /// Publishes one delivery. Called only after the delivery's claim is committed.
    func publish(_ publication: Publication, now: Date) async -> PublishOutcome

    /// What the channel can prove about a delivery interrupted mid-call, claimed at `claimedAt`.
    func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation
}

extension Publisher {
    /// Channels that have nothing to do ahead of the instant do nothing.
    public func prepare(_ publication: Publication, now: Date) async {}
}
