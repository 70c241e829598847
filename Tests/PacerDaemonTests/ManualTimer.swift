import Dispatch
import Foundation
import Synchronization
@testable import PacerDaemon

/// An engine timer the test fires itself: it only remembers the instant it is armed for.
final class ManualTimer: EngineTimer {
    private struct Armed {
        var queue: DispatchQueue?
        var fired: (@Sendable () -> Void)?
        var instant: Date?
        var cancelled = false
    }

    private let armed = Mutex(Armed())

    /// The instant of the engine's clock it is armed for; nil while disarmed or cancelled.
    var instant: Date? { armed.withLock { $0.instant } }
    var isCancelled: Bool { armed.withLock { $0.cancelled } }

    func activate(on queue: DispatchQueue, fired: @escaping @Sendable () -> Void) {
        armed.withLock {
            $0.queue = queue
            $0.fired = fired
        }
    }

    func arm(at instant: Date, clock: @Sendable () -> Date) {
        armed.withLock { if !$0.cancelled { $0.instant = instant } }
    }

    func disarm() { armed.withLock { $0.instant = nil } }

    func cancel() {
        armed.withLock {
            $0.instant = nil
            $0.cancelled = true
        }
    }

    /// Fires as the real timer would, on the engine's queue, and waits until the handler ran;
    /// a disarmed or cancelled timer fires nothing.
    func fire() {
        let (queue, fired) = armed.withLock { state -> (DispatchQueue?, (@Sendable () -> Void)?) in
            guard state.instant != nil else { return (nil, nil) }
            state.instant = nil
            return (state.queue, state.fired)
        }
        guard let queue, let fired else { return }
        queue.sync(execute: fired)
    }
}

/// A clock the test sets.
final class SetClock: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    var now: Date { instant.withLock { $0 } }

    func set(_ date: Date) { instant.withLock { $0 = date } }

    var read: @Sendable () -> Date { { self.now } }
}
