import Foundation

/// Why a delivery is not planned sooner than it is.
public struct Deferral: Sendable, Hashable, Codable {
    /// The rule's configuration name: `min_gap`, `max_per_day`, `max_per_week`, `slots`,
    /// `blackout`, `jitter`, `paused`, `late`, `at`, `channel`; account-wide rules are prefixed
    /// with `cadence.` (`cadence.min_gap`, `cadence.cross_post_gap`).
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
    /// Every reason it is not sooner (or not planned at all), one per rule, in the order the rules
    /// first applied. Put into words when read: most reasons of a plan are never read.
    public var reasons: [Deferral] {
        get { wordReasons() }
        set { wordReasons = { newValue } }
    }
    /// For a late delivery under `late = "hold"` or `"skip"`: what the engine is to do with it
    /// (`at` is then `nil`).
    public var lateAction: LateAction?
    private var wordReasons: @Sendable () -> [Deferral]

    public init(deliveryID: DeliveryID, postID: PostID, channel: String, at: Date?, reasons: [Deferral], lateAction: LateAction? = nil) {
        self.init(deliveryID: deliveryID, postID: postID, channel: channel, at: at, wordReasons: { reasons }, lateAction: lateAction)
    }

    init(
        deliveryID: DeliveryID, postID: PostID, channel: String, at: Date?, wordReasons: @escaping @Sendable () -> [Deferral],
        lateAction: LateAction? = nil
    ) {
        self.deliveryID = deliveryID
        self.postID = postID
        self.channel = channel
        self.at = at
        self.wordReasons = wordReasons
        self.lateAction = lateAction
    }

    /// Equal when every property is, the reasons compared in words.
    public static func == (lhs: PlannedDelivery, rhs: PlannedDelivery) -> Bool {
        lhs.deliveryID == rhs.deliveryID && lhs.postID == rhs.postID && lhs.channel == rhs.channel && lhs.at == rhs.at
            && lhs.lateAction == rhs.lateAction && lhs.reasons == rhs.reasons
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(deliveryID)
        hasher.combine(at)
    }
}

/// What goes out when: every pending delivery, in planned order (unplannable ones last).
public struct Plan: Sendable, Hashable {
    public let entries: [PlannedDelivery]
    /// Where each delivery's entry is in `entries`.
    private let positions: [DeliveryID: Int]

    public init(entries: [PlannedDelivery]) {
        self.entries = entries
        positions = Dictionary(entries.indices.map { (entries[$0].deliveryID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The first delivery with an instant.
    public var next: PlannedDelivery? { entries.first { $0.at != nil } }

    /// The deliveries whose instant is at or before `now`, in planned order.
    public func due(at now: Date) -> [PlannedDelivery] {
        entries.prefix { entry in entry.at.map { $0 <= now } ?? false }.map { $0 }
    }

    /// The entry of one delivery.
    public func entry(for id: DeliveryID) -> PlannedDelivery? {
        positions[id].map { entries[$0] }
    }

    /// The planned instant of one delivery: `nil` when it has none or is not in the plan.
    public func instant(of id: DeliveryID) -> Date? {
        positions[id].flatMap { entries[$0].at }
    }
}
