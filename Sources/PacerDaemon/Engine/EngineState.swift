import Foundation

/// What the engine is doing: one value, changed only by `Engine.enter(_:)`, which also arms the
/// engine's one timer from it. Every state but `calling` and `stopped` has the timer armed or
/// knowingly disarmed; at most one delivery is ever claimed.
enum EngineState {
    /// Nothing is planned: the timer is disarmed.
    case idle
    /// The timer fires ``Engine/claimLead`` before `instant`, the plan's first; the plan is
    /// carried out as made when it fires on time.
    case armed(instant: Date)
    /// Planning or claiming failed; the timer fires at `instant` to plan again from the store.
    case recovering(at: Date)
    /// A delivery is claimed and waits for its instant; the timer fires then and its channel is called.
    case claimed(InFlight)
    /// The channel of a claimed delivery is being called; the timer is disarmed.
    case calling(InFlight)
    /// A stop was asked for: `finish` runs once `call`, the delivery claimed when it came (if
    /// any), has its outcome recorded. The timer is cancelled.
    case stopping(call: InFlight?, finish: @Sendable () -> Void)
    /// Stopped: nothing more happens.
    case stopped

    /// The claimed delivery, waiting or in its call.
    var inFlight: InFlight? {
        switch self {
        case let .claimed(claim), let .calling(claim): claim
        case let .stopping(call, _): call
        case .idle, .armed, .recovering, .stopped: nil
        }
    }

    /// Whether a stop was asked for.
    var isStopping: Bool {
        switch self {
        case .stopping, .stopped: true
        default: false
        }
    }
}
