import Foundation
import Glibc
import PacerPOSIX
import PacerSystemd
import Testing

private let socketActivate = "/usr/bin/systemd-socket-activate"
/// Set only in the child process that `takeReturnsTheSocketSystemdPassed` starts.
private let childSocketPathVariable = "PACER_TEST_ACTIVATED_SOCKET"

extension ProcessWideStateTests {
    /// `ListenFDs` against real socket activation.
    ///
    /// Socket activation cannot be reproduced inside the test runner: it needs the socket on
    /// descriptor 3, and libdispatch holds its epoll descriptor there from the runner's first
    /// moments (replacing it would break the runner). So the end-to-end case runs in a child: the
    /// test binary itself, started by systemd's own `systemd-socket-activate`, which puts the
    /// listening socket on descriptor 3 and sets `LISTEN_PID`/`LISTEN_FDS`/`LISTEN_FDNAMES` before
    /// exec, exactly as systemd does for `pacer.socket`. The child runs only
    /// ``ActivatedChild/takeReturnsThePassedSocketAndClearsTheEnvironment()``.
    struct ListenFDsTests {
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: socketActivate), "needs systemd-socket-activate"))
        func takeReturnsTheSocketSystemdPassed() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.path + "/control.sock"
            let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            let child = Process()
            child.executableURL = URL(fileURLWithPath: socketActivate)
            child.arguments = [
                "--listen=\(path)", "--fdname=control", "--setenv=\(childSocketPathVariable)=\(path)",
                testBinary, "--testing-library", "swift-testing", "--filter", "ActivatedChild",
            ]
            let output = Pipe()
            child.standardOutput = output
            child.standardError = output
            try child.run()
            // systemd-socket-activate execs the child when the first connection arrives.
            var connected = false
            for _ in 0..<100 where !connected {
                connected = (try? UnixSocket.connect(to: path)).map { $0.close(); return true } ?? false
                if !connected { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(connected, "systemd-socket-activate did not listen on \(path)")
            if !connected { child.terminate() }
            let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            #expect(child.terminationStatus == 0, "\(report)")
            #expect(report.contains("Test run with 1 test") && report.contains("passed"), "\(report)")
        }

        /// Runs only in the socket-activated child (see above); skipped in the ordinary run.
        @Suite(.enabled(if: getenv(childSocketPathVariable) != nil, "runs only in the child of takeReturnsTheSocketSystemdPassed"))
        struct ActivatedChild {
            @Test func takeReturnsThePassedSocketAndClearsTheEnvironment() throws {
                let path = try #require(getenv(childSocketPathVariable).map { String(cString: $0) })
                #expect(getenv("LISTEN_FDNAMES").map { String(cString: $0) } == "control")
                #expect(try ListenFDs.take() == [ListenFDs.start])
                #expect(getenv("LISTEN_PID") == nil)
                #expect(getenv("LISTEN_FDS") == nil)
                #expect(getenv("LISTEN_FDNAMES") == nil)
                #expect(try ListenFDs.take() == [])
                #expect(try ListenFDs.isListeningUnixStreamSocket(ListenFDs.start))
                #expect(try ListenFDs.isListeningUnixStreamSocket(ListenFDs.start, path: path))
                #expect(try !ListenFDs.isListeningUnixStreamSocket(ListenFDs.start, path: path + ".other"))
                #expect(fcntl(ListenFDs.start, F_GETFD) & FD_CLOEXEC != 0)
            }
        }

        @Test func noDescriptorsWhenTheyWereMeantForAnotherProcess() throws {
            try withEnvironment(["LISTEN_PID": String(getppid()), "LISTEN_FDS": "1"]) { () throws in
                #expect(try ListenFDs.take() == [])
            }
        }

        @Test func noDescriptorsWithoutSocketActivation() throws {
            try withEnvironment(["LISTEN_PID": nil, "LISTEN_FDS": nil]) { () throws in
                #expect(try ListenFDs.take() == [])
            }
        }

        @Test func malformedListenFdsThrows() {
            withEnvironment(["LISTEN_PID": String(getpid()), "LISTEN_FDS": "many"]) {
                #expect(throws: SystemCallError.self) { try ListenFDs.take() }
            }
        }

        @Test func datagramSocketsPipesAndUnlistenedSocketsAreNotListeningStreamSockets() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let datagram = try UnixSocket(type: SOCK_DGRAM, boundTo: directory.path + "/dgram")
            defer { datagram.close() }
            let unlistened = try UnixSocket(type: SOCK_STREAM, boundTo: directory.path + "/stream")
            defer { unlistened.close() }
            let pipe = try makePipe()
            defer { close(pipe.read); close(pipe.write) }
            #expect(try !ListenFDs.isListeningUnixStreamSocket(datagram.fileDescriptor))
            #expect(try !ListenFDs.isListeningUnixStreamSocket(unlistened.fileDescriptor))
            #expect(try !ListenFDs.isListeningUnixStreamSocket(pipe.read))
        }

        @Test func aClosedDescriptorThrowsEBADF() throws {
            let fd = try systemCall("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            close(fd)
            #expect(throws: SystemCallError(operation: "sd_is_socket_unix", code: EBADF)) {
                try ListenFDs.isListeningUnixStreamSocket(fd)
            }
        }
    }
}
