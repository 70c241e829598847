import Foundation

/// A delivery that waits to be planned.
public struct PendingDelivery: Sendable, Hashable {
    public var id: DeliveryID
    public var postID: PostID
    public var channel: String
    /// The requested "not before" instant (`pacer add --at`), if any.
    public var notBefore: Date?
    /// The instant the last plan gave it, as recorded by the engine; used to tell a delivery that
    /// became late while `pacerd` was stopped (`max_lateness`, `late`).
    public var previousPlannedAt: Date?
    /// Its place in the queue among deliveries that could go out at the same instant: lower goes
    /// first. The id by default; `pacer move --first/--last` changes it.
    public var rank: Int64

    public init(
        id: DeliveryID, postID: PostID, channel: String, notBefore: Date? = nil, previousPlannedAt: Date? = nil,
        rank: Int64? = nil
    ) {
        self.id = id
        self.postID = postID
        self.channel = channel
        self.notBefore = notBefore
        self.previousPlannedAt = previousPlannedAt
        self.rank = rank ?? id
    }
}

/// A delivery that went out (or may have): it uses up the cadence budget.
public struct PastDelivery: Sendable, Hashable {
    public var id: DeliveryID
    public var channel: String
    public var at: Date
    /// The post it delivered, when known: `cross_post_gap` keeps pending deliveries of the same
    /// post away from it.
    public var postID: PostID?

    public init(id: DeliveryID, channel: String, at: Date, postID: PostID? = nil) {
        self.id = id
        self.channel = channel
        self.at = at
        self.postID = postID
    }
}

/// Everything the planner looks at. Time is part of the input: the planner never reads a clock.
public struct PlanningInput: Sendable {
    public var now: Date
    public var channels: [String: ChannelRules]
    public var pending: [PendingDelivery]
    /// Deliveries that went out or may have (published, claimed, unknown), on any channel; they
    /// count towards gaps and budgets.
    public var history: [PastDelivery]
    /// The account-wide rules (`[cadence]`).
    public var account: AccountRules
    /// The whole queue is paused (`pacer pause`): nothing is planned.
    public var paused: Bool

    public init(
        now: Date, channels: [ChannelRules], pending: [PendingDelivery], history: [PastDelivery],
        account: AccountRules = .none, paused: Bool = false
    ) {
        self.now = now
        self.channels = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.pending = pending
        self.history = history
        self.account = account
        self.paused = paused
    }
}
