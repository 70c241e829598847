import Foundation
import PacerCore

/// A post as the store holds it, with its deliveries.
public struct StoredPost: Sendable, Hashable {
    public var id: PostID
    public var text: String
    public var title: String?
    public var tags: [String]
    public var createdAt: Date
    /// Queued with `--allow-duplicate`.
    public var allowDuplicate: Bool
    public var deliveries: [StoredDelivery]
    /// Its images, in order.
    public var images: [PostImage]
    /// A thread's parts after the first (`text`); empty for a post that is not a thread.
    public var laterParts: [String]

    /// Every part's text, in order.
    public var parts: [String] { [text] + laterParts }
}

/// One post on one channel, as the store holds it.
public struct StoredDelivery: Sendable, Hashable {
    public var id: DeliveryID
    public var postID: PostID
    public var channel: String
    public var state: DeliveryState
    public var notBefore: Date?
    public var plannedAt: Date?
    public var claimedAt: Date?
    public var publishedAt: Date?
    public var url: String?
    public var lastError: String?
    /// Why a held delivery waits (a privacy finding, or "held with pacer hold").
    public var heldReason: String?
    /// The text for this channel when it differs from the post's (a `[text]` override); for a
    /// thread, one post on this channel instead of the thread.
    public var textOverride: String?
    /// This channel's own text for each part of a thread.
    public var partTexts: [String]?

    /// What goes out on this channel: the override, else the post's text.
    public func text(of post: StoredPost) -> String { textOverride ?? post.text }

    /// The parts that go out on this channel: its own per-part texts, else its one override, else
    /// the post's parts.
    public func parts(of post: StoredPost) -> [String] {
        partTexts ?? textOverride.map { [$0] } ?? post.parts
    }
}

/// How far a delivery posted part by part got with one part.
public struct DeliveryPart: Sendable, Hashable {
    /// From 1.
    public var part: Int
    public var startedAt: Date
    /// Nil while its call is in flight, or when a crash left it in doubt.
    public var publishedAt: Date?
    public var externalID: String?
    public var contentID: String?
    public var url: String?
}

/// What `add` stores: the content and the channels it goes to.
public struct NewPost: Sendable, Hashable {
    public var text: String
    public var title: String?
    public var tags: [String]
    public var channels: [String]
    public var notBefore: Date?
    /// Channels whose delivery starts `held`, with the reason (a privacy finding).
    public var held: [String: String]
    public var allowDuplicate: Bool
    /// Per-channel texts that differ from `text`.
    public var overrides: [String: String]
    /// A draft: stored, never planned, until an edit queues it.
    public var draft: Bool
    /// Its images, in order, already kept in the ``MediaLibrary``.
    public var images: [PostImage]
    /// A thread's parts after the first (`text`).
    public var laterParts: [String]
    /// Per-channel texts for each part of a thread.
    public var partOverrides: [String: [String]]

    /// Every part's text, joined by blank lines: what the near-duplicate rule compares.
    public var wholeText: String { ([text] + laterParts).joined(separator: "\n\n") }

    public init(
        text: String, title: String? = nil, tags: [String] = [], channels: [String], notBefore: Date? = nil,
        held: [String: String] = [:], allowDuplicate: Bool = false, overrides: [String: String] = [:], draft: Bool = false,
        images: [PostImage] = [], laterParts: [String] = [], partOverrides: [String: [String]] = [:]
    ) {
        self.images = images
        self.laterParts = laterParts
        self.partOverrides = partOverrides
        self.text = text
        self.title = title
        self.tags = tags
        self.channels = channels
        self.notBefore = notBefore
        self.held = held
        self.allowDuplicate = allowDuplicate
        self.overrides = overrides
        self.draft = draft
    }
}

/// A claim on a delivery: the attempt row written, and committed, before the channel is called.
public struct Claim: Sendable, Hashable {
    public var attemptID: Int64
    /// 1 for the first attempt of this delivery, counting on across `pacer retry`; rate-limited
    /// attempts are not counted.
    public var attemptNumber: Int
    /// The attempts the retry budget has used, this one included: those since the last `pacer retry`.
    public var attemptsSinceRetry: Int
    public var delivery: StoredDelivery
    public var post: StoredPost
}

/// How an attempt ended, as the ledger records it.
public enum AttemptResult: Sendable, Hashable {
    /// The channel accepted it; `url` and `externalID` identify the published item where known.
    case published(url: String?, externalID: String?, httpStatus: Int?)
    /// The channel refused it for good.
    case failed(reason: String, httpStatus: Int?)
    /// Not out; queued again, not before `notBefore`. A rate limit (`consumesAttempt` false)
    /// does not use up the retry budget.
    case retry(reason: String, httpStatus: Int?, notBefore: Date, consumesAttempt: Bool)
    /// Nobody can tell whether it went out (a crash or timeout mid-call).
    case unknown(reason: String)
}

extension Date {
    /// Microseconds since 1970, as instants are stored.
    var storedMicroseconds: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }

    init(storedMicroseconds: Int64) {
        self.init(timeIntervalSince1970: Double(storedMicroseconds) / 1_000_000)
    }
}

/// One row of the attempts ledger, with its delivery's post and channel.
public struct AttemptRecord: Sendable, Hashable {
    public var id: Int64
    public var deliveryID: DeliveryID
    public var postID: PostID
    public var channel: String
    /// 1 for a delivery's first attempt.
    public var number: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// `published`, `failed`, `retry`, `rate_limited`, `unknown`; `nil` while in flight.
    public var outcome: String?
    public var httpStatus: Int?
    /// The platform's id of the published item, where the channel reports one.
    public var externalID: String?
    public var url: String?
    public var error: String?
}
