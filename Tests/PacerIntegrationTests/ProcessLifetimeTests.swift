import Foundation
import Glibc
import Testing

/// Every process a test starts dies with its test, even when the test process itself is killed,
/// and none holds the test process's output open (issue 21, item 12: `make test` hung on
/// loopback receivers that outlived the tests and held `swift test`'s output pipe).
@Suite(.timeLimit(.minutes(3)))
struct ProcessLifetimeTests {
    /// Where the child test process writes the pids of what it started; set only in that child.
    static let pidFileVariable = "PACER_TEST_STRANDED_PIDS"

    /// Runs the test binary itself in a child, as `swift test` runs it, with only
    /// ``StrandedChild/startsAReceiverAndPacerdThenWaits()``: it starts a loopback receiver and
    /// pacerd the way the integration tests do, then waits. The child is killed with SIGKILL, so it
    /// cannot stop anything itself.
    @Test func whatATestStartedDiesWhenTheTestProcessIsKilled() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pidFile = directory + "/pids"
        var environment = ProcessInfo.processInfo.environment
        environment[Self.pidFileVariable] = pidFile
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let child = try TestProcess(testBinary, ["--testing-library", "swift-testing", "--filter", "StrandedChild"],
                                    environment: environment, standardOutput: .pipe, standardError: .pipe)
        var pids: [pid_t] = []
        let started = Date().addingTimeInterval(60)
        while pids.count < 2, Date() < started, child.isRunning {
            usleep(100_000)
            pids = ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        defer { for pid in pids { killIfStillOurs(pid) } }  // what the test proves gone; left only on failure
        guard pids.count == 2 else {
            child.stop()
            Issue.record("the child test did not start a receiver and pacerd: \(readToEnd(child, within: 5).text)")
            return
        }

        child.send(SIGKILL)
        let output = readToEnd(child, within: 30)
        #expect(output.closed, "30 s after the test process was killed, something it started still holds its stdout or stderr open, as the receivers that made `make test` hang did")
        child.waitUntilExit()
        for (pid, name) in zip(pids, ["the loopback receiver", "pacerd"]) {
            let deadline = Date().addingTimeInterval(30)
            while !isGone(pid), Date() < deadline { usleep(100_000) }
            #expect(isGone(pid), "\(name) (pid \(pid)) still runs 30 s after the test process that started it was killed")
        }
    }

    /// `stop()` ends a process that ignores SIGTERM, and what it started in its group with it.
    @Test func stopEndsAProcessThatIgnoresSIGTERMWithItsGroup() throws {
        let shell = try TestProcess("/bin/sh", ["-c", "trap '' TERM; sleep 300 & echo $!; wait"], standardOutput: .pipe)
        let sleeper = try #require(pid_t(String(decoding: shell.output!.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { killIfStillOurs(sleeper) }
        #expect(shell.stop(grace: 1) == 128 + SIGKILL)
        let deadline = Date().addingTimeInterval(30)
        while !isGone(sleeper), Date() < deadline { usleep(100_000) }
        #expect(isGone(sleeper), "the shell's child, in its group, is gone too")
    }

    /// Runs only in the child of ``whatATestStartedDiesWhenTheTestProcessIsKilled()``; skipped in the ordinary run.
    @Suite(.enabled(if: ProcessInfo.processInfo.environment[pidFileVariable] != nil, "runs only in the child of whatATestStartedDiesWhenTheTestProcessIsKilled"))
    struct StrandedChild {
        @Test func startsAReceiverAndPacerdThenWaits() throws {
            let harness = try DaemonHarness()
            let (receiver, _, _) = try harness.startReceiver()
            try harness.start()
            let daemon = try #require(harness.daemon)
            let pidFile = try #require(ProcessInfo.processInfo.environment[ProcessLifetimeTests.pidFileVariable])
            try "\(receiver.processIdentifier) \(daemon.processIdentifier)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
            withExtendedLifetime((harness, receiver)) { _ = sleep(120) }  // the parent kills this process meanwhile
        }
    }

    private func makeDirectory() throws -> String {
        let path = "/tmp/pacer-lifetime-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Reads the child's stdout and stderr until both are closed by every holder, or `seconds` pass.
    private func readToEnd(_ child: TestProcess, within seconds: TimeInterval) -> (closed: Bool, text: String) {
        var open = [child.output, child.errors].compactMap { $0?.fileDescriptor }
        var text = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(seconds)
        while !open.isEmpty, Date() < deadline {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 { text.append(contentsOf: buffer[..<count]) } else { open.removeAll { $0 == entry.fd } }
            }
        }
        return (open.isEmpty, String(decoding: text, as: UTF8.self))
    }

    /// Whether `pid` has ended: no such process, or a zombie (ended, not yet reaped by its new parent).
    private func isGone(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let state = stat.split(separator: ")").last?.split(separator: " ").first else { return true }
        return state == "Z"
    }

    /// Kills `pid` if it still runs one of the programs this suite starts (so that a failure leaves nothing behind).
    private func killIfStillOurs(_ pid: pid_t) {
        let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        if !isGone(pid), ["holding-receiver", "pacerd", "sleep"].contains(where: command.contains) { kill(pid, SIGKILL) }
    }
}
