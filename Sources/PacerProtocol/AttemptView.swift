import Foundation
import PacerCore

/// One attempt of the ledger (`pacer history --json`): what was tried where, when, and how it ended.
public struct AttemptView: Codable, Sendable, Equatable {
    public var postID: PostID
    public var deliveryID: DeliveryID
    public var channel: String
    /// 1 for the delivery's first attempt.
    public var attempt: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// `published`, `failed`, `retry`, `rate_limited`, `unknown`; `null` while in flight.
    public var outcome: String?
    /// The HTTP status or the command's exit code, when there was one.
    public var status: Int?
    /// The platform's id of the published item (a status, tweet or record id), when it gave one.
    public var externalID: String?
    public var url: String?
    public var error: String?

    public init(
        postID: PostID, deliveryID: DeliveryID, channel: String, attempt: Int, startedAt: Date, finishedAt: Date?,
        outcome: String?, status: Int?, externalID: String?, url: String?, error: String?
    ) {
        self.postID = postID
        self.deliveryID = deliveryID
        self.channel = channel
        self.attempt = attempt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.status = status
        self.externalID = externalID
        self.url = url
        self.error = error
    }

    private enum CodingKeys: String, CodingKey {
        case postID = "post_id", deliveryID = "delivery_id", channel, attempt, startedAt = "started_at"
        case finishedAt = "finished_at", outcome, status, externalID = "external_id", url, error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(postID, forKey: .postID)
        try container.encode(deliveryID, forKey: .deliveryID)
        try container.encode(channel, forKey: .channel)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(status, forKey: .status)
        try container.encode(externalID, forKey: .externalID)
        try container.encode(url, forKey: .url)
        try container.encode(error, forKey: .error)
    }
}
