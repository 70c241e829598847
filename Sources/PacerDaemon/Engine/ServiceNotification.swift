/// What the engine tells the service manager; `pacerd` forwards these to `sd_notify`.
public enum ServiceNotification: Sendable, Equatable {
    /// Started: store open, plan made, socket listening (`READY=1` with `STATUS=`).
    case ready(status: String)
    /// The one-line status changed (`STATUS=`).
    case status(String)
    /// Re-reading the configuration (`RELOADING=1` with `MONOTONIC_USEC=`); `.ready` follows.
    case reloading
    /// Alive: the engine's queue answered (`WATCHDOG=1`).
    case watchdog
    /// Shutting down (`STOPPING=1`).
    case stopping
}
