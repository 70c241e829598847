import CSystemd
import Glibc
import PacerPOSIX

/// Tells the service manager about the service's state with `sd_notify` (see sd_notify(3)).
///
/// `sd_notify` sends to the socket named by `$NOTIFY_SOCKET`, which systemd sets for
/// `Type=notify` services (and `NotifyAccess=`); without it every message is silently dropped
/// (``isEnabled`` is false). The environment variable is left in place, so child processes the
/// service starts could notify too; `NotifyAccess=main` in the unit makes systemd ignore them.
public struct SystemdNotifier: Sendable {
    /// Creates a notifier for the current process.
    public init() {}

    /// Whether a service manager listens: `$NOTIFY_SOCKET` is set.
    public var isEnabled: Bool {
        SystemdLogging.processEnvironment("NOTIFY_SOCKET") != nil
    }

    /// Start-up is finished (`READY=1`), optionally with a first status line.
    public func ready(status: String? = nil) throws(SystemCallError) {
        try send("READY=1" + (status.map { "\nSTATUS=" + Self.oneLine($0) } ?? ""))
    }

    /// A one-line status shown by `systemctl status` (`STATUS=…`). Line breaks become spaces.
    public func status(_ text: String) throws(SystemCallError) {
        try send("STATUS=" + Self.oneLine(text))
    }

    /// The service is reloading its configuration (`RELOADING=1` with `MONOTONIC_USEC=`, as
    /// `Type=notify-reload` requires); send ``ready(status:)`` when done.
    ///
    /// - Parameter monotonicMicroseconds: when the reload began on `CLOCK_MONOTONIC`; now by default.
    public func reloading(monotonicMicroseconds: UInt64 = SystemdNotifier.monotonicMicroseconds()) throws(SystemCallError) {
        try send("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)")
    }

    /// The service is shutting down (`STOPPING=1`).
    public func stopping() throws(SystemCallError) {
        try send("STOPPING=1")
    }

    /// A watchdog keep-alive ping (`WATCHDOG=1`); see ``Watchdog``.
    public func watchdog() throws(SystemCallError) {
        try send("WATCHDOG=1")
    }

    /// Sends `state`, newline-separated `NAME=value` assignments, as one datagram. Does nothing when
    /// ``isEnabled`` is false.
    public func send(_ state: String) throws(SystemCallError) {
        try systemCall("sd_notify", failure: .negatedResult) { sd_notify(0, state) }
    }

    /// The current time of `CLOCK_MONOTONIC` in microseconds, the clock of `MONOTONIC_USEC=`.
    public static func monotonicMicroseconds() -> UInt64 {
        let now = ClockReading.now(CLOCK_MONOTONIC)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
