import Foundation
import Glibc

/// A process a test starts (pacerd, pacer, a loopback receiver, sqlite3, …), made so that it dies
/// with its test and can never keep `make test` from ending (issue 21, item 12).
///
/// - It leads a process group of its own, with default signal dispositions and an empty mask (a
///   SIGTERM the test runner ignores is not ignored here), and inherits no descriptor but the
///   three below.
/// - Its stdin is a pipe whose write end only the test process holds: the loopback receivers exit
///   at its end of file (`Tests/Support/lifeline.py`), which comes when the test stops them or the
///   test process dies.
/// - Its stdout and stderr go to files, to /dev/null or to a pipe the test reads, never to the
///   test runner's own output: a process left running cannot hold that open.
/// - `stop()`, and `deinit` when the test forgot, ends the whole group: SIGTERM, then SIGKILL
///   after a grace, then the reap. When the test process itself dies, `ProcessReaper` kills the
///   groups it had not stopped yet.
final class TestProcess: @unchecked Sendable {
    /// Where stdout or stderr go.
    enum Destination {
        /// Appended to this file, created when missing.
        case file(String)
        /// A pipe whose read end is `output` (stdout) or `errors` (stderr).
        case pipe
        case discard
    }

    /// How long `stop()` waits after SIGTERM before it sends SIGKILL.
    static let grace: TimeInterval = 10

    let processIdentifier: pid_t
    /// The read end of stdout, when it is `.pipe`.
    let output: FileHandle?
    /// The read end of stderr, when it is `.pipe`.
    let errors: FileHandle?
    private let lock = NSLock()
    private var input: FileHandle?
    private var exitStatus: Int32?
    private let reaper: ProcessReaper?

    /// Starts `executable` (looked up in PATH when it has no slash) with `arguments`.
    convenience init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment,
         standardOutput: Destination = .discard, standardError: Destination = .discard) throws {
        try self.init(executable, arguments, environment: environment, standardOutput: standardOutput, standardError: standardError,
                      reaper: ProcessReaper.shared())
    }

    /// Starts the process; `reaper` is told about its group (nil only for the reaper itself).
    init(_ executable: String, _ arguments: [String], environment: [String: String], standardOutput: Destination,
         standardError: Destination, reaper: ProcessReaper?) throws {
        guard let addCloseFrom = Self.addCloseFrom else { throw HarnessError("this glibc lacks posix_spawn_file_actions_addclosefrom_np (2.34)") }
        let stdin = try Self.makePipe()
        let stdout = try Self.pipeIfAsked(standardOutput)
        let stderr = try Self.pipeIfAsked(standardError)
        defer { for fd in [stdin.read, stdout?.write, stderr?.write].compactMap({ $0 }) { close(fd) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, STDIN_FILENO)
        for (destination, pipe, target) in [(standardOutput, stdout, STDOUT_FILENO), (standardError, stderr, STDERR_FILENO)] {
            switch destination {
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .pipe: posix_spawn_file_actions_adddup2(&actions, pipe!.write, target)
            case .discard: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        // Any other descriptor, such as another test's pipe (tests run in parallel), stays out.
        _ = addCloseFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), mask = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            for fd in [stdin.write, stdout?.read, stderr?.read].compactMap({ $0 }) { close(fd) }
            throw HarnessError("could not start \(executable): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
        input = FileHandle(fileDescriptor: stdin.write, closeOnDealloc: true)
        output = stdout.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
        errors = stderr.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
        self.reaper = reaper
        reaper?.watch(group: pid)
    }

    deinit { stop() }

    /// Writes `data` to the process's stdin.
    func write(_ data: Data) throws {
        try lock.withLock { input }?.write(contentsOf: data)
    }

    /// Closes the process's stdin: it reads end of file.
    func closeInput() {
        let handle = lock.withLock {
            defer { input = nil }
            return input
        }
        try? handle?.close()
    }

    var isRunning: Bool { status(waiting: false) == nil }

    /// Sends `signal` to the process alone (not its group), unless it has been reaped.
    func send(_ signal: Int32) {
        lock.withLock {
            if exitStatus == nil { _ = Glibc.kill(processIdentifier, signal) }
        }
    }

    /// Waits for the process to end; returns its exit code, or 128 + the signal that ended it.
    @discardableResult
    func waitUntilExit() -> Int32 {
        status(waiting: true)!
    }

    /// Ends the process and its group (SIGTERM, then SIGKILL after `grace`), reaps it, and
    /// returns its exit code, or 128 + the signal that ended it.
    @discardableResult
    func stop(grace: TimeInterval = TestProcess.grace) -> Int32 {
        closeInput()
        if let status = status(waiting: false) { return status }
        signalGroup(SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if let status = status(waiting: false) { return status }
            usleep(20_000)
        }
        signalGroup(SIGKILL)
        return waitUntilExit()
    }

    /// Signals the process's group, unless the process has been reaped (its number may be reused).
    private func signalGroup(_ signal: Int32) {
        lock.withLock {
            if exitStatus == nil { _ = killpg(processIdentifier, signal) }
        }
    }

    /// The exit status once the process has ended and been reaped; nil while it runs (`waiting`
    /// false). What is left of its group is killed first, while the unreaped leader still keeps
    /// the group's number from being reused.
    private func status(waiting: Bool) -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var ended = siginfo_t()
            var result: Int32
            repeat {
                result = waitid(P_PID, id_t(processIdentifier), &ended, WEXITED | WNOWAIT | (waiting ? 0 : WNOHANG))
            } while result == -1 && errno == EINTR
            guard result == 0, ended._sifields._sigchld.si_pid == processIdentifier else { return nil }
            _ = killpg(processIdentifier, SIGKILL)
            var raw: Int32 = 0
            while waitpid(processIdentifier, &raw, 0) == -1 && errno == EINTR {}
            let status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
            exitStatus = status
            reaper?.forget(group: processIdentifier)
            return status
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module leaves out (as it does `pipe2`): the child closes every descriptor from the given one up.
    private static let addCloseFrom = unsafeBitCast(
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"),
        to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)?.self)

    private static func pipeIfAsked(_ destination: Destination) throws -> (read: Int32, write: Int32)? {
        if case .pipe = destination { return try makePipe() }
        return nil
    }

    /// A pipe whose ends close on exec (the child gets its end by dup2, which clears the flag).
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw HarnessError("pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}
