#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import PacerCore
import PacerPOSIX
import Synchronization

/// A program run to completion under a deadline, with `posix_spawnp` (argv as given, no shell).
///
/// The child leads its own process group, starts with default signal dispositions and an empty
/// mask, inherits no descriptor but its stdio, and gets `input` on stdin; stdout (its first 64 KiB) and the last 8 KiB of stderr are
/// kept. At the deadline the whole group is killed with SIGKILL. The blocking work runs on a
/// thread of its own, which blocks SIGPIPE so that a child that does not read its input cannot
/// take the daemon down.
struct ChildProcess: Sendable {
    /// How the program ended.
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Killed at the deadline.
        case timedOut
        /// The program started, then Pacer lost track of it (an I/O error); it was killed.
        case lost(String)
    }

    struct Output: Sendable {
        var termination: Termination
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    let argv: [String]
    let environment: [String: String]
    let input: [UInt8]
    let timeout: TimeSpan

    static let stdoutLimit = 64 * 1024
    static let stderrTail = 8 * 1024
    /// How long output is still read after the group was killed (a descendant that left the group
    /// may hold the pipes open).
    static let grace: TimeInterval = 2

    /// Runs the program; throws when it could not be started.
    func run() async throws(SystemCallError) -> Output {
        let result: Result<Output, SystemCallError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: runBlocking()) }
            thread.name = "pacer-command"
            thread.start()
        }
        return try result.get()
    }

    private func runBlocking() -> Result<Output, SystemCallError> {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        defer {
            // Consume a SIGPIPE raised by writing to a child that exited, so it is not left pending.
            var zero = timespec()
            _ = try? systemCall("sigtimedwait", "SIGPIPE") { sigtimedwait(&pipeSignal, nil, &zero) }
        }
        let spawned: Spawned
        do throws(SystemCallError) {
            try systemCall("pthread_sigmask", "SIGPIPE") { Self.errnoStyle(pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)) }
            spawned = try spawn()
        } catch {
            return .failure(error)
        }
        let pid = spawned.pid
        var stdinFD = spawned.stdin, stdoutFD = spawned.stdout, stderrFD = spawned.stderr
        let group = ProcessGroup(pid: pid)
        let killer = DispatchWorkItem { group.kill() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds, execute: killer)
        var output = Output(termination: .exited(0), stdout: [], stderr: [])
        var lost: String?
        do throws(SystemCallError) {
            try exchange(stdin: &stdinFD, stdout: &stdoutFD, stderr: &stderrFD, output: &output)
        } catch {
            lost = error.description
            group.kill()
        }
        for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        let status = group.wait()
        killer.cancel()
        if let lost {
            output.termination = .lost(lost)
        } else if group.wasKilled {
            output.termination = .timedOut
        } else if let status {
            output.termination = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        } else {
            output.termination = .lost("waitpid failed")
        }
        return .success(output)
    }

    /// A started child: its pid and the parent's ends of its stdin, stdout and stderr.
    private struct Spawned {
        var pid: pid_t
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
    }

    /// Starts the child.
    private func spawn() throws(SystemCallError) -> Spawned {
        try Self.spawnLock.withLock { _ throws(SystemCallError) in try spawnLocked() }
    }

    private func spawnLocked() throws(SystemCallError) -> Spawned {
        let program = argv[0]
        let stdin = try Self.makePipe()
        let stdout = try Self.makePipe()
        let stderr = try Self.makePipe()
        let parentEnds = [stdin.write, stdout.read, stderr.read]
        let childEnds = [stdin.read, stdout.write, stderr.write]
        defer { childEnds.forEach { close($0) } }
        do throws(SystemCallError) {
            var actions = posix_spawn_file_actions_t()
            try systemCall("posix_spawn_file_actions_init", program) { Self.errnoStyle(posix_spawn_file_actions_init(&actions)) }
            defer { posix_spawn_file_actions_destroy(&actions) }
            for (target, fd) in childEnds.enumerated() {
                try systemCall("posix_spawn_file_actions_adddup2", program) { Self.errnoStyle(posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))) }
            }
            for fd in Self.inheritableDescriptors() where !childEnds.contains(fd) {
                try systemCall("posix_spawn_file_actions_addclose", program) { Self.errnoStyle(posix_spawn_file_actions_addclose(&actions, fd)) }
            }
            var attributes = posix_spawnattr_t()
            try systemCall("posix_spawnattr_init", program) { Self.errnoStyle(posix_spawnattr_init(&attributes)) }
            defer { posix_spawnattr_destroy(&attributes) }
            var defaults = sigset_t()
            sigfillset(&defaults)
            var mask = sigset_t()
            sigemptyset(&mask)
            try systemCall("posix_spawnattr_setsigdefault", program) { Self.errnoStyle(posix_spawnattr_setsigdefault(&attributes, &defaults)) }
            try systemCall("posix_spawnattr_setsigmask", program) { Self.errnoStyle(posix_spawnattr_setsigmask(&attributes, &mask)) }
            try systemCall("posix_spawnattr_setpgroup", program) { Self.errnoStyle(posix_spawnattr_setpgroup(&attributes, 0)) }
            let flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
            try systemCall("posix_spawnattr_setflags", program) { Self.errnoStyle(posix_spawnattr_setflags(&attributes, flags)) }
            let arguments = argv.map { strdup($0) } + [nil]
            let variables = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (arguments + variables).forEach { free($0) } }
            var pid = pid_t()
            try systemCall("posix_spawnp", program) { Self.errnoStyle(posix_spawnp(&pid, program, &actions, &attributes, arguments, variables)) }
            for fd in parentEnds { try UnixSocket.setNonBlocking(fd, true) }
            return Spawned(pid: pid, stdin: stdin.write, stdout: stdout.read, stderr: stderr.read)
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
    }

    /// Writes the input and reads both outputs until they close (or the grace after the deadline ends).
    private func exchange(stdin: inout Int32, stdout: inout Int32, stderr: inout Int32, output: inout Output) throws(SystemCallError) {
        let giveUp = Date().addingTimeInterval(timeout.seconds + Self.grace)
        var written = 0
        if input.isEmpty { close(stdin); stdin = -1 }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while stdout >= 0 || stderr >= 0 {
            let remaining = giveUp.timeIntervalSinceNow
            guard remaining > 0 else { break }
            var fds: [pollfd] = []
            if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if stdout >= 0 { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            let milliseconds = Int32(min(remaining * 1000, 60_000).rounded(.up))
            try systemCall("poll", argv[0]) { poll(&fds, nfds_t(fds.count), milliseconds) }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdin {
                    do throws(SystemCallError) {
                        written += try systemCall("write", "stdin of \(argv[0])") {
                            input.withUnsafeBytes { Glibc.write(stdin, $0.baseAddress! + written, $0.count - written) }
                        }
                    } catch where error.code == EAGAIN {
                        continue
                    } catch where error.code == EPIPE {
                        written = input.count
                    }
                    if written == input.count { close(stdin); stdin = -1 }
                } else {
                    let count: Int
                    do throws(SystemCallError) {
                        count = try systemCall("read", "output of \(argv[0])") { buffer.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) } }
                    } catch where error.code == EAGAIN {
                        continue
                    }
                    if count == 0 {
                        close(entry.fd)
                        if entry.fd == stdout { stdout = -1 } else { stderr = -1 }
                    } else if entry.fd == stdout {
                        output.stdout.append(contentsOf: buffer[..<count].prefix(Self.stdoutLimit - output.stdout.count))
                    } else {
                        output.stderr.append(contentsOf: buffer[..<count])
                        if output.stderr.count > Self.stderrTail { output.stderr.removeFirst(output.stderr.count - Self.stderrTail) }
                    }
                }
            }
        }
    }

    /// A pipe whose ends close on exec. (Glibc's Swift module hides `pipe2`; the spawn lock keeps
    /// the moment between `pipe` and `fcntl` free of other spawns.)
    private static func makePipe() throws(SystemCallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        try systemCall("pipe", "child stdio") { pipe(&fds) }
        do throws(SystemCallError) {
            for fd in fds { try systemCall("fcntl(F_SETFD)", "child stdio") { fcntl(fd, F_SETFD, FD_CLOEXEC) } }
        } catch {
            fds.forEach { close($0) }
            throw error
        }
        return (fds[0], fds[1])
    }

    /// The daemon's descriptors above stderr that would survive `exec` (no `FD_CLOEXEC`), such as a
    /// socket systemd passed: the program must not inherit them.
    private static func inheritableDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap(Int32.init).filter { fd in
            guard fd > 2, let flags = try? systemCall("fcntl(F_GETFD)", "fd \(fd)", { fcntl(fd, F_GETFD) }) else { return false }
            return flags & FD_CLOEXEC == 0
        }
    }

    /// Serialises pipe creation and spawning, so no child inherits another child's pipe ends.
    private static let spawnLock = Mutex(())

    /// Adapts a call that returns an error number (posix_spawn, pthread) to `systemCall`'s `-1` and `errno`.
    private static func errnoStyle(_ result: Int32) -> Int32 {
        guard result != 0 else { return 0 }
        errno = result
        return -1
    }
}

/// The child's process group: killed at most while the child is not yet reaped, so that a pid
/// reused after the reap can never be hit.
private final class ProcessGroup: Sendable {
    private struct State { var exited = false; var killed = false }

    let pid: pid_t
    private let state = Mutex(State())

    init(pid: pid_t) { self.pid = pid }

    var wasKilled: Bool { state.withLock { $0.killed } }

    /// SIGKILL to the whole group, unless the child was already seen to exit.
    func kill() {
        state.withLock { state in
            guard !state.exited, !state.killed else { return }
            state.killed = true
            _ = try? systemCall("kill", "process group \(pid)") { Glibc.kill(-pid, SIGKILL) }
        }
    }

    /// Waits for the child to exit, then reaps it; its wait status, or nil.
    func wait() -> Int32? {
        var info = siginfo_t()
        // WNOWAIT leaves the child a zombie, so its pid stays reserved until `exited` is set.
        guard (try? systemCall("waitid", "pid \(pid)") { waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) }) != nil else { return nil }
        state.withLock { $0.exited = true }
        var status: Int32 = 0
        guard (try? systemCall("waitpid", "pid \(pid)") { waitpid(pid, &status, 0) }) != nil else { return nil }
        return status
    }
}
