import Glibc
import PacerPOSIX

/// Reads the system clocks.
enum ClockReading {
    /// The current time of `clock` (`CLOCK_REALTIME`, `CLOCK_MONOTONIC`).
    ///
    /// `clock_gettime` fails only for an unknown clock or a bad pointer, neither of which can
    /// happen here, so a failure stops the program.
    static func now(_ clock: clockid_t) -> timespec {
        var time = timespec()
        do {
            try systemCall("clock_gettime") { clock_gettime(clock, &time) }
        } catch {
            preconditionFailure("clock \(clock): \(error)")
        }
        return time
    }
}
