import Dispatch
import Foundation

/// The engine's one timer: runs a handler on the engine's queue at an instant of the engine's
/// clock. pacerd's is a wall-clock `DispatchSourceTimer` (``WallClockTimer``); tests use one they
/// fire themselves.
protocol EngineTimer: AnyObject, Sendable {
    /// Called once, on `queue`, before anything is armed: `fired` runs on `queue` when the timer fires.
    func activate(on queue: DispatchQueue, fired: @escaping @Sendable () -> Void)
    /// Fires once at `instant` of `clock`, replacing what was armed before.
    func arm(at instant: Date, clock: @Sendable () -> Date)
    /// Fires no more until armed again.
    func disarm()
    /// Fires never again.
    func cancel()
}

/// A `DispatchSourceTimer` with a wall-clock deadline and no leeway: a clock set forward or back
/// moves it, and a suspend does not delay it past its instant.
final class WallClockTimer: EngineTimer, @unchecked Sendable {
    /// Set once by `activate`, then used only on the engine's queue.
    private var source: DispatchSourceTimer?

    func activate(on queue: DispatchQueue, fired: @escaping @Sendable () -> Void) {
        let source = DispatchSource.makeTimerSource(flags: [], queue: queue)
        source.setEventHandler(handler: fired)
        source.schedule(wallDeadline: .distantFuture)
        // Active at once: libdispatch traps on releasing an inactive source.
        source.activate()
        self.source = source
    }

    /// The wall-clock deadline when the engine's clock is the wall clock's; else (tests with a
    /// controlled clock) after the time that clock says is left.
    func arm(at instant: Date, clock: @Sendable () -> Date) {
        let wall = Date().addingTimeInterval(instant.timeIntervalSince(clock())).timeIntervalSince1970
        let whole = wall.rounded(.down)
        let deadline = DispatchWallTime(timespec: timespec(tv_sec: Int(whole), tv_nsec: Int((wall - whole) * 1e9)))
        source?.schedule(wallDeadline: deadline, leeway: .nanoseconds(0))
    }

    func disarm() {
        source?.schedule(wallDeadline: .distantFuture)
    }

    func cancel() {
        source?.cancel()
    }
}
