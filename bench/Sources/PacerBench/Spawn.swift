import Foundation

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Child processes started with `posix_spawn` (no Foundation `Process` overhead in the timings).
enum Spawn {
    /// Starts `path` with `arguments`; stdin is /dev/null, stdout and stderr go to `output`.
    static func start(_ path: String, _ arguments: [String], environment: [String: String], output: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits for `pid` and returns its exit status (128 + the signal when killed).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `path` to its end with its output in `output`; requires exit status 0 and returns the
    /// wall time in nanoseconds.
    static func check(_ path: String, _ arguments: [String], environment: [String: String], output: String) throws -> Double {
        let start = monotonicNanoseconds()
        let pid = try self.start(path, arguments, environment: environment, output: output)
        let status = wait(pid)
        let nanoseconds = Double(monotonicNanoseconds() - start)
        guard status == 0 else {
            let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw BenchError("\(path) \(arguments.joined(separator: " ")) exited with \(status): \(said.suffix(500))")
        }
        return nanoseconds
    }
}
