import CSystemd
import PacerPOSIX

/// The service manager's watchdog (`WatchdogSec=` in the unit; see sd_watchdog_enabled(3)).
///
/// When enabled, the service must send ``SystemdNotifier/watchdog()`` more often than
/// ``interval()``, or systemd considers it hung and acts on `Restart=`. Ping at half the interval,
/// from the queue whose liveness the ping should prove.
public enum Watchdog {
    /// The watchdog interval systemd expects pings within, or `nil` when no watchdog is enabled for
    /// this process (`$WATCHDOG_USEC` unset, or `$WATCHDOG_PID` naming another process).
    ///
    /// - Throws: when `$WATCHDOG_USEC` or `$WATCHDOG_PID` is malformed.
    public static func interval() throws(SystemCallError) -> Duration? {
        var microseconds: UInt64 = 0
        let enabled = try systemCall("sd_watchdog_enabled", failure: .negatedResult) { sd_watchdog_enabled(0, &microseconds) }
        guard enabled > 0 else { return nil }
        return .microseconds(microseconds)
    }
}
