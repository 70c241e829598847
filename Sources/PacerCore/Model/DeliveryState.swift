/// The life of one delivery (one post on one channel).
///
/// ```
/// draft ──► queued ──► claimed ──► published
///             ▲  │        │
///             │  ▼        ├──► failed    (final until retried)
///           held ◄┘       ├──► queued    (retryable error, after backoff)
///                         └──► unknown   (crashed or timed out mid-call; never re-sent on its own)
/// queued/held/draft ──► cancelled
/// queued/held ──► draft      (an edit with draft = true)
/// ```
///
/// `claimed` is committed before a channel is called: it is the at-most-once commit point.
public enum DeliveryState: String, CaseIterable, Codable, Sendable {
    case draft, queued, held, claimed, published, failed, unknown, cancelled

    /// States from which `self` may be entered.
    public var allowedPredecessors: Set<DeliveryState> {
        switch self {
        case .draft: [.queued, .held]
        case .queued: [.draft, .held, .claimed, .failed, .unknown]
        case .held: [.queued]
        case .claimed: [.queued]
        case .published: [.claimed, .unknown]
        case .failed: [.claimed, .unknown]
        case .unknown: [.claimed]
        case .cancelled: [.draft, .queued, .held]
        }
    }

    /// Whether a delivery in this state may move to `next`.
    public func canMove(to next: DeliveryState) -> Bool {
        next.allowedPredecessors.contains(self)
    }

    /// Waiting to be planned and published.
    public var isPending: Bool { self == .queued }

    /// Counts against the cadence budgets: it went out, or may have.
    public var usesBudget: Bool { self == .published || self == .claimed || self == .unknown }

    /// No further change happens without a person's decision.
    public var isSettled: Bool { self == .published || self == .cancelled || self == .failed }
}
