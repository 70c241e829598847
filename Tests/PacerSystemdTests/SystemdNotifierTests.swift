import Glibc
import PacerPOSIX
import PacerSystemd
import Testing

extension ProcessWideStateTests {
    /// Sends real datagrams to a socket standing in for the service manager's `$NOTIFY_SOCKET`.
    struct SystemdNotifierTests {
        /// Runs `body` with `$NOTIFY_SOCKET` naming a fresh datagram socket, and returns every
        /// datagram it received.
        private func notifications(_ body: (SystemdNotifier) throws -> Void) throws -> [String] {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let socket = try UnixSocket(type: SOCK_DGRAM, boundTo: directory.path + "/notify")
            defer { socket.close() }
            try withEnvironment(["NOTIFY_SOCKET": directory.path + "/notify"]) { () throws in
                let notifier = SystemdNotifier()
                #expect(notifier.isEnabled)
                try body(notifier)
            }
            var received: [String] = []
            while let datagram = try socket.receive() { received.append(datagram) }
            return received
        }

        @Test func readySendsReadyWithTheStatusInOneDatagram() throws {
            let received = try notifications { try $0.ready(status: "0 queued · next none · today 1/2") }
            #expect(received == ["READY=1\nSTATUS=0 queued · next none · today 1/2"])
        }

        @Test func readyWithoutStatusSendsOnlyReady() throws {
            #expect(try notifications { try $0.ready() } == ["READY=1"])
        }

        @Test func statusSendsOneLine() throws {
            let received = try notifications { try $0.status("4 queued\nnext linkedin Tue 08:30") }
            #expect(received == ["STATUS=4 queued next linkedin Tue 08:30"])
        }

        @Test func reloadingSendsTheMonotonicTime() throws {
            #expect(try notifications { try $0.reloading(monotonicMicroseconds: 123_456) } == ["RELOADING=1\nMONOTONIC_USEC=123456"])
        }

        @Test func reloadingDefaultsToNowOnTheMonotonicClock() throws {
            let before = SystemdNotifier.monotonicMicroseconds()
            let received = try notifications { try $0.reloading() }
            let after = SystemdNotifier.monotonicMicroseconds()
            let datagram = try #require(received.first)
            let match = try #require(datagram.wholeMatch(of: /RELOADING=1\nMONOTONIC_USEC=(\d+)/))
            let sent = try #require(UInt64(match.1))
            #expect(before <= sent && sent <= after)
        }

        @Test func stoppingWatchdogAndRawStatesAreSentVerbatim() throws {
            let received = try notifications { notifier in
                try notifier.stopping()
                try notifier.watchdog()
                try notifier.send("EXTEND_TIMEOUT_USEC=5000000")
            }
            #expect(received == ["STOPPING=1", "WATCHDOG=1", "EXTEND_TIMEOUT_USEC=5000000"])
        }

        @Test func withoutNotifySocketNothingIsSentAndNothingFails() throws {
            try withEnvironment(["NOTIFY_SOCKET": nil]) { () throws in
                let notifier = SystemdNotifier()
                #expect(!notifier.isEnabled)
                try notifier.ready(status: "unheard")
            }
        }

        @Test func anUnreachableNotifySocketThrowsWithErrno() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            withEnvironment(["NOTIFY_SOCKET": directory.path + "/absent"]) {
                #expect(throws: SystemCallError(operation: "sd_notify", code: ENOENT)) {
                    try SystemdNotifier().ready()
                }
            }
        }

        @Test func monotonicMicrosecondsMatchesClockGettime() {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let reference = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
            let measured = SystemdNotifier.monotonicMicroseconds()
            #expect(measured >= reference && measured - reference < 1_000_000)
        }
    }
}
