import Foundation
import PacerCore

/// One delivery in the planned timeline (`pacer plan --json`).
public struct PlanEntryView: Codable, Sendable, Equatable {
    public var deliveryID: DeliveryID
    public var postID: PostID
    public var channel: String
    /// `null` when no rule allows it (a paused channel, for example): `reasons` say why.
    public var plannedAt: Date?
    public var reasons: [Deferral]
    /// The first line of the post's text.
    public var excerpt: String

    public init(deliveryID: DeliveryID, postID: PostID, channel: String, plannedAt: Date?, reasons: [Deferral], excerpt: String) {
        self.deliveryID = deliveryID
        self.postID = postID
        self.channel = channel
        self.plannedAt = plannedAt
        self.reasons = reasons
        self.excerpt = excerpt
    }

    private enum CodingKeys: String, CodingKey {
        case deliveryID = "delivery_id", postID = "post_id", channel, plannedAt = "planned_at", reasons, excerpt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deliveryID, forKey: .deliveryID)
        try container.encode(postID, forKey: .postID)
        try container.encode(channel, forKey: .channel)
        try container.encode(plannedAt, forKey: .plannedAt)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(excerpt, forKey: .excerpt)
    }
}

/// A channel's configuration and budget use (`pacer channels --json`).
public struct ChannelView: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String
    public var isDefault: Bool
    public var timeZone: String
    /// Paused itself, or as part of a paused queue.
    public var paused: Bool
    /// Each configured rule and its value as written in the configuration (`"min_gap": "2h"`).
    public var rules: [String: String]
    /// Today's deliveries in the channel's zone and the daily limit (`null`: none).
    public var today: BudgetView
    /// This ISO week's deliveries and the weekly limit (`null`: none).
    public var week: BudgetView

    public init(name: String, kind: String, isDefault: Bool, timeZone: String, paused: Bool, rules: [String: String], today: BudgetView, week: BudgetView) {
        self.name = name
        self.kind = kind
        self.isDefault = isDefault
        self.timeZone = timeZone
        self.paused = paused
        self.rules = rules
        self.today = today
        self.week = week
    }

    private enum CodingKeys: String, CodingKey {
        case name, kind, isDefault = "default", timeZone = "timezone", paused, rules, today, week
    }
}
