import Foundation

/// Why a delivery is not planned sooner than it is.
public struct Deferral: Sendable, Hashable, Codable {
    /// The rule's configuration name (`min_gap`, `max_per_day`, `at`, `channel`).
    public var rule: String
    /// The rule in words, with its values: `"min_gap 2h after delivery 12"`.
    public var detail: String

    public init(rule: String, detail: String) {
        self.rule = rule
        self.detail = detail
    }
}

/// The planner's decision for one delivery.
public struct PlannedDelivery: Sendable, Hashable {
    public var deliveryID: DeliveryID
    public var postID: PostID
    public var channel: String
    /// When it goes out; `nil` when no rule allows it (for example, an unknown channel).
    public var at: Date?
    /// Every reason it is not sooner, in the order they applied.
    public var reasons: [Deferral]

    public init(deliveryID: DeliveryID, postID: PostID, channel: String, at: Date?, reasons: [Deferral]) {
        self.deliveryID = deliveryID
        self.postID = postID
        self.channel = channel
        self.at = at
        self.reasons = reasons
    }
}

/// What goes out when: every pending delivery, in planned order (unplannable ones last).
public struct Plan: Sendable, Hashable {
    public var entries: [PlannedDelivery]

    public init(entries: [PlannedDelivery]) {
        self.entries = entries
    }

    /// The first delivery with an instant.
    public var next: PlannedDelivery? { entries.first { $0.at != nil } }

    /// The deliveries whose instant is at or before `now`, in planned order.
    public func due(at now: Date) -> [PlannedDelivery] {
        entries.prefix { entry in entry.at.map { $0 <= now } ?? false }.map { $0 }
    }

    /// The entry of one delivery.
    public func entry(for id: DeliveryID) -> PlannedDelivery? {
        entries.first { $0.deliveryID == id }
    }
}
