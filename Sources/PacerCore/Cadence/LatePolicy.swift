/// What happens to a delivery whose planned instant passed more than `max_lateness` ago while
/// `pacerd` was not running (`late` in the channel's configuration).
public enum LatePolicy: String, Sendable, Hashable, CaseIterable {
    /// Plan it again under every rule, like a new delivery, with a `late` reason.
    case reslot
    /// Leave it unplanned and let the engine move it to `held` until `pacer release`.
    case hold
    /// Leave it unplanned and let the engine cancel it.
    case skip
}

/// The planner's verdict on a late delivery that is not re-planned; the engine applies it.
public enum LateAction: Sendable, Hashable {
    /// Move the delivery to `held`, with this reason.
    case hold(String)
    /// Cancel the delivery, with this reason.
    case skip(String)

    /// The reason in words.
    public var reason: String {
        switch self {
        case .hold(let reason), .skip(let reason): reason
        }
    }
}
