#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Foundation
import PacerCore
import PacerPOSIX

/// A program run to completion under a deadline, with `posix_spawnp` (argv as given, no shell).
///
/// The child leads a session (and process group) of its own, starts with default signal
/// dispositions and an empty mask, inherits no descriptor but its stdio, and gets `input` on
/// stdin; stdout (its first 64 KiB) and the last 8 KiB of stderr are kept. Its end is its own
/// exit, seen through a pidfd polled together with the pipes: output is then read for at most
/// `pipeGrace` more, since a process it left in the background may hold the pipes open. At the
/// deadline, or once the output is read, its process group gets SIGKILL and whatever it left
/// behind is killed too (`Leftovers`). The blocking work runs on a thread of its own, which blocks
/// SIGPIPE so that a child that does not read its input cannot take the daemon down.
struct ChildProcess: Sendable {
    /// How the program ended.
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Still running at the deadline, and killed.
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
    /// How long output is still read after the program exited, for what it wrote last when a
    /// process it left in the background holds the pipes open too.
    static let pipeGrace: TimeInterval = 1
    /// glibc's `POSIX_SPAWN_SETSID` (`<spawn.h>` with `_GNU_SOURCE`, which Swift's Glibc module
    /// leaves out): the child calls `setsid()` before `exec`.
    private static let spawnSetSID: Int32 = 0x80

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
        var child: Spawned
        do throws(SystemCallError) {
            try systemCall("pthread_sigmask", "SIGPIPE") { Self.errnoStyle(pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)) }
            child = try spawn()
        } catch {
            return .failure(error)
        }
        var output = Output(termination: .exited(0), stdout: [], stderr: [])
        var lost: String?
        var exitedInTime = false
        do throws(SystemCallError) {
            exitedInTime = try exchange(&child, output: &output)
        } catch {
            lost = error.description
        }
        let status = end(child)
        if let lost {
            output.termination = .lost(lost)
        } else if !exitedInTime {
            output.termination = .timedOut
        } else if let status {
            output.termination = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        } else {
            output.termination = .lost("waitpid failed")
        }
        return .success(output)
    }

    /// Ends the program's whole tree, then reaps the program: its wait status, or nil.
    ///
    /// The program is reaped last: until then its pid, which is also its group's id, cannot be
    /// reused, so the group kill cannot reach anything else.
    private func end(_ child: Spawned) -> Int32? {
        for fd in [child.stdin, child.stdout, child.stderr] where fd >= 0 { close(fd) }
        _ = Glibc.kill(-child.pid, SIGKILL)
        var info = siginfo_t()
        // WNOWAIT: wait until it has died (and handed its children over), but leave it unreaped.
        _ = try? systemCall("waitid", "pid \(child.pid)") { waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT) }
        close(child.exit)
        Leftovers.sweep()
        return Leftovers.programs.withLock { running in
            running.remove(child.pid)
            var status: Int32 = 0
            guard (try? systemCall("waitpid", "pid \(child.pid)") { waitpid(child.pid, &status, 0) }) != nil else { return nil }
            return status
        }
    }

    /// A started child: its pid, a pidfd that polls readable once it exited, and the parent's
    /// ends of its stdin, stdout and stderr (-1 once closed).
    private struct Spawned {
        var pid: pid_t
        var exit: Int32
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
    }

    /// Starts the child, and counts it among the programs running (see `Leftovers`).
    private func spawn() throws(SystemCallError) -> Spawned {
        try Leftovers.adopt()
        return try Leftovers.programs.withLock { running throws(SystemCallError) in
            let child = try spawnLocked()
            running.insert(child.pid)
            return child
        }
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
            let flags = Int16(Self.spawnSetSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
            try systemCall("posix_spawnattr_setflags", program) { Self.errnoStyle(posix_spawnattr_setflags(&attributes, flags)) }
            let arguments = argv.map { strdup($0) } + [nil]
            let variables = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (arguments + variables).forEach { free($0) } }
            var pid = pid_t()
            try systemCall("posix_spawnp", program) { Self.errnoStyle(posix_spawnp(&pid, program, &actions, &attributes, arguments, variables)) }
            let exit: Int32
            do throws(SystemCallError) {
                exit = try systemCall("pidfd_open", program) { pacer_pidfd_open(pid) }
            } catch {
                var status: Int32 = 0
                _ = Glibc.kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw error
            }
            for fd in parentEnds { try UnixSocket.setNonBlocking(fd, true) }
            return Spawned(pid: pid, exit: exit, stdin: stdin.write, stdout: stdout.read, stderr: stderr.read)
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
    }

    /// What a polled descriptor is.
    private enum Stream { case exit, input, output, errors }

    /// Writes the input and reads both outputs until the program exits, then until the outputs
    /// close or `pipeGrace` passes. Returns whether the program exited before the deadline.
    private func exchange(_ child: inout Spawned, output: inout Output) throws(SystemCallError) -> Bool {
        var giveUp = Date().addingTimeInterval(timeout.seconds)
        var exited = false
        var written = 0
        if input.isEmpty { close(child.stdin); child.stdin = -1 }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !exited || child.stdout >= 0 || child.stderr >= 0 {
            let remaining = giveUp.timeIntervalSinceNow
            guard remaining > 0 else { break }
            var fds: [pollfd] = []
            var streams: [Stream] = []
            func watch(_ fd: Int32, _ events: Int32, _ stream: Stream) {
                guard fd >= 0 else { return }
                fds.append(pollfd(fd: fd, events: Int16(events), revents: 0))
                streams.append(stream)
            }
            watch(exited ? -1 : child.exit, POLLIN, .exit)
            watch(child.stdin, POLLOUT, .input)
            watch(child.stdout, POLLIN, .output)
            watch(child.stderr, POLLIN, .errors)
            let milliseconds = Int32(min(remaining * 1000, 60_000).rounded(.up))
            try systemCall("poll", argv[0]) { poll(&fds, nfds_t(fds.count), milliseconds) }
            for (entry, stream) in zip(fds, streams) where entry.revents != 0 {
                switch stream {
                case .exit:
                    exited = true
                    giveUp = Date().addingTimeInterval(Self.pipeGrace)
                case .input:
                    do throws(SystemCallError) {
                        written += try systemCall("write", "stdin of \(argv[0])") {
                            input.withUnsafeBytes { Glibc.write(entry.fd, $0.baseAddress! + written, $0.count - written) }
                        }
                    } catch where error.code == EAGAIN {
                        continue
                    } catch where error.code == EPIPE {
                        written = input.count
                    }
                    if written == input.count { close(child.stdin); child.stdin = -1 }
                case .output, .errors:
                    let count: Int
                    do throws(SystemCallError) {
                        count = try systemCall("read", "output of \(argv[0])") { buffer.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) } }
                    } catch where error.code == EAGAIN {
                        continue
                    }
                    if count == 0 {
                        close(entry.fd)
                        if stream == .output { child.stdout = -1 } else { child.stderr = -1 }
                    } else if stream == .output {
                        output.stdout.append(contentsOf: buffer[..<count].prefix(Self.stdoutLimit - output.stdout.count))
                    } else {
                        output.stderr.append(contentsOf: buffer[..<count])
                        if output.stderr.count > Self.stderrTail { output.stderr.removeFirst(output.stderr.count - Self.stderrTail) }
                    }
                }
            }
        }
        return exited
    }

    /// A pipe whose ends close on exec. (Glibc's Swift module hides `pipe2`; the lock of
    /// `Leftovers.programs`, held while spawning, keeps the moment between `pipe` and `fcntl` free
    /// of other spawns.)
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

    /// Adapts a call that returns an error number (posix_spawn, pthread) to `systemCall`'s `-1` and `errno`.
    private static func errnoStyle(_ result: Int32) -> Int32 {
        guard result != 0 else { return 0 }
        errno = result
        return -1
    }
}
