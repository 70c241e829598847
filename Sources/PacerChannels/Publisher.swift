import Foundation
import PacerCore

/// An image to publish, as stored in the state directory: content-addressed, its location and
/// device metadata already removed. Channels read `path` when they upload it, one image at a time.
public struct PublicationImage: Sendable, Hashable {
    public var path: String
    /// Lowercase hex SHA-256 of the stored bytes (the file's name in the state directory).
    public var sha256: String
    public var format: ImageFormat
    public var byteCount: Int
    public var width: Int
    public var height: Int
    /// The description for people who cannot see it; nil when the post was queued with `--no-alt-text`.
    public var alt: String?

    public init(path: String, sha256: String, format: ImageFormat, byteCount: Int, width: Int, height: Int, alt: String?) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.alt = alt
    }
}

/// One part of a post: a post that is not a thread has exactly one.
public struct PublicationPart: Sendable, Hashable {
    public var text: String
    public var images: [PublicationImage]

    public init(text: String, images: [PublicationImage] = []) {
        self.text = text
        self.images = images
    }
}

/// A part already published on the channel, as a later part of the thread refers to it.
public struct PublishedPart: Sendable, Hashable {
    /// The platform's id: a Mastodon status id, an X post id, a Bluesky `at://` URI.
    public var externalID: String
    /// Bluesky's record CID, which a strong reference needs; nil elsewhere.
    public var contentID: String?

    public init(externalID: String, contentID: String? = nil) {
        self.externalID = externalID
        self.contentID = contentID
    }
}

/// Where a thread part goes: a reply to the previous part (`parent`) of the thread begun by `root`.
public struct ThreadReply: Sendable, Hashable {
    public var root: PublishedPart
    public var parent: PublishedPart

    public init(root: PublishedPart, parent: PublishedPart) {
        self.root = root
        self.parent = parent
    }
}

/// One delivery handed to a channel, after it was claimed.
///
/// A channel that posts part by part (``Publisher/publishesPartByPart``) is called once per part
/// and publishes `parts[partIndex]`, replying to `replyTo` when it is set; any other channel is
/// called once and publishes every part.
public struct Publication: Sendable, Hashable {
    public var deliveryID: DeliveryID
    public var postID: PostID
    public var channel: String
    /// Every part, in order; one for a post that is not a thread.
    public var parts: [PublicationPart]
    /// The part this call publishes, for a channel that posts part by part.
    public var partIndex: Int
    /// For a part after the first: the parts it replies to.
    public var replyTo: ThreadReply?
    public var title: String?
    public var tags: [String]
    public var plannedAt: Date
    /// The store's random id (``PacerStore/Store/installationID``).
    public var installation: String

    /// The text of the part this call publishes.
    public var text: String { parts[partIndex].text }
    /// The images of the part this call publishes.
    public var images: [PublicationImage] { parts[partIndex].images }
    /// Whether the post is a thread of more than one part.
    public var isThread: Bool { parts.count > 1 }

    /// Stable for the delivery (and part) and unique to its store: a channel that honours it can be
    /// retried without a second post, and a recreated store or a second installation posting to
    /// the same account never sends another post under it. The first part keeps the key a post
    /// that is not a thread has.
    public var idempotencyKey: String {
        "pacer-\(installation)-delivery-\(deliveryID)" + (partIndex == 0 ? "" : "-part-\(partIndex + 1)")
    }

    public init(
        deliveryID: DeliveryID, postID: PostID, channel: String, parts: [PublicationPart], partIndex: Int = 0,
        replyTo: ThreadReply? = nil, title: String?, tags: [String], plannedAt: Date, installation: String
    ) {
        precondition(parts.indices.contains(partIndex), "a publication publishes one of its parts")
        self.deliveryID = deliveryID
        self.postID = postID
        self.channel = channel
        self.parts = parts
        self.partIndex = partIndex
        self.replyTo = replyTo
        self.title = title
        self.tags = tags
        self.plannedAt = plannedAt
        self.installation = installation
    }

    /// A post of one part with text only.
    public init(
        deliveryID: DeliveryID, postID: PostID, channel: String, text: String, title: String?, tags: [String], plannedAt: Date,
        installation: String
    ) {
        self.init(
            deliveryID: deliveryID, postID: postID, channel: channel, parts: [PublicationPart(text: text)], title: title, tags: tags,
            plannedAt: plannedAt, installation: installation)
    }
}

/// How a channel call ended.
public enum PublishOutcome: Sendable, Hashable {
    /// It is out; `url` and `externalID` identify it where the channel knows them; `status` is the
    /// HTTP status of the answer that said so, or the command's exit code.
    /// `contentID` is Bluesky's record CID, which a reply to this part needs.
    case published(url: String?, externalID: String?, status: Int? = nil, contentID: String? = nil)
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

    /// What the channel accepts as images; a platform's channel asks the platform where it says
    /// (Mastodon's instance), else uses the platform's documented limits.
    func mediaLimits() async -> MediaLimits

    /// True for a channel whose platform has threads (a part is a reply to the previous one): the
    /// engine calls it once per part. False: it is called once and publishes every part itself.
    var publishesPartByPart: Bool { get }
}

extension Publisher {
    /// Channels that have nothing to do ahead of the instant do nothing.
    public func prepare(_ publication: Publication, now: Date) async {}

    /// Channels that are not a platform take Pacer's own bounds.
    public func mediaLimits() async -> MediaLimits { .pacerDefault }

    /// Channels that are not a platform publish a thread in one call.
    public var publishesPartByPart: Bool { false }
}
