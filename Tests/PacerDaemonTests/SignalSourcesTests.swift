import Dispatch
import Foundation
import Synchronization
import Testing
@testable import PacerDaemon

/// A signal that arrives the instant `install` returns reaches its handler: pacerd reports
/// READY=1 right after installing its handlers, and systemd may send SIGTERM at once. The signal
/// is sent to the process, as `kill` from systemd is (Dispatch's worker threads block signals,
/// so one raised on the test's own thread would stay pending).
struct SignalSourcesTests {
    @Test func aSignalSentRightAfterInstallReachesItsHandler() throws {
        let sources = SignalSources()
        let received = Mutex(0)
        let arrived = DispatchSemaphore(value: 0)
        sources.install([SIGUSR1]) {
            received.withLock { $0 += 1 }
            arrived.signal()
        }
        kill(getpid(), SIGUSR1)
        #expect(arrived.wait(timeout: .now() + 5) == .success, "SIGUSR1 sent right after install never reached its handler")
        kill(getpid(), SIGUSR1)
        #expect(arrived.wait(timeout: .now() + 5) == .success, "a second SIGUSR1 never reached its handler")
        #expect(received.withLock { $0 } == 2)
    }
}
