import Glibc
import PacerPOSIX
import PacerSystemd
import Testing

extension ProcessWideStateTests {
    /// `Watchdog.interval()` against the variables systemd sets for `WatchdogSec=`.
    struct WatchdogTests {
        private var ownPID: String { String(getpid()) }

        @Test func intervalIsWatchdogUsecForThisProcess() throws {
            try withEnvironment(["WATCHDOG_USEC": "3000000", "WATCHDOG_PID": ownPID]) { () throws in
                #expect(try Watchdog.interval() == .seconds(3))
            }
        }

        @Test func intervalWithoutWatchdogPidApplies() throws {
            try withEnvironment(["WATCHDOG_USEC": "1500", "WATCHDOG_PID": nil]) { () throws in
                #expect(try Watchdog.interval() == .microseconds(1500))
            }
        }

        @Test func noIntervalWithoutWatchdogUsec() throws {
            try withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) { () throws in
                #expect(try Watchdog.interval() == nil)
            }
        }

        @Test func noIntervalWhenTheWatchdogIsForAnotherProcess() throws {
            try withEnvironment(["WATCHDOG_USEC": "3000000", "WATCHDOG_PID": String(getppid())]) { () throws in
                #expect(try Watchdog.interval() == nil)
            }
        }

        @Test func malformedWatchdogUsecThrows() {
            withEnvironment(["WATCHDOG_USEC": "soon", "WATCHDOG_PID": ownPID]) {
                #expect(throws: SystemCallError.self) { try Watchdog.interval() }
            }
        }
    }
}
