import Foundation

/// A delivery that waits to be planned.
public struct PendingDelivery: Sendable, Hashable {
    public var id: DeliveryID
    public var postID: PostID
    public var channel: String
    /// The requested "not before" instant (`pacer add --at`), if any.
    public var notBefore: Date?

    public init(id: DeliveryID, postID: PostID, channel: String, notBefore: Date? = nil) {
        self.id = id
        self.postID = postID
        self.channel = channel
        self.notBefore = notBefore
    }
}

/// A delivery that went out (or may have): it uses up the cadence budget.
public struct PastDelivery: Sendable, Hashable {
    public var id: DeliveryID
    public var channel: String
    public var at: Date

    public init(id: DeliveryID, channel: String, at: Date) {
        self.id = id
        self.channel = channel
        self.at = at
    }
}

/// Everything the planner looks at. Time is part of the input: the planner never reads a clock.
public struct PlanningInput: Sendable {
    public var now: Date
    public var channels: [String: ChannelRules]
    public var pending: [PendingDelivery]
    public var history: [PastDelivery]

    public init(now: Date, channels: [ChannelRules], pending: [PendingDelivery], history: [PastDelivery]) {
        self.now = now
        self.channels = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.pending = pending
        self.history = history
    }
}
