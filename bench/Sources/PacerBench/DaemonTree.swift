import Foundation

/// A temporary XDG tree (config, state, data, runtime) for one pacerd, removed by `remove()`.
final class DaemonTree {
    /// The configuration of one outbox channel without any rule: every delivery goes out at its
    /// "not before" instant.
    static let ruleFreeOutbox = """
        [[channel]]
        name = "outbox"
        kind = "outbox"
        default = true

        """

    let root: String
    let environment: [String: String]
    var socketPath: String { root + "/runtime/pacer/control.sock" }
    var databasePath: String { root + "/state/pacer/pacer.sqlite" }
    var logPath: String { root + "/pacerd.log" }

    /// - Parameter config: the configuration file to write; `nil` lets pacerd write its default.
    init(config: String? = nil) throws {
        // Short: a Unix socket path must fit in 108 bytes.
        var template = Array("/tmp/pacer-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp: \(String(cString: strerror(errno)))") }
        root = String(cString: made)
        for directory in ["config/pacer", "state", "data", "runtime"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if let config {
            try config.write(toFile: root + "/config/pacer/config.toml", atomically: true, encoding: .utf8)
        }
        environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": root,
            "TZ": "UTC",
            "XDG_CONFIG_HOME": root + "/config",
            "XDG_STATE_HOME": root + "/state",
            "XDG_DATA_HOME": root + "/data",
            "XDG_RUNTIME_DIR": root + "/runtime",
            "PACER_LOG_TARGET": "stderr",
        ]
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// Starts pacerd with a fresh `NOTIFY_SOCKET` and waits for `READY=1`.
    func launch() throws -> RunningDaemon {
        let notifyPath = root + "/notify.sock"
        unlink(notifyPath)
        let notify = try NotifySocket(path: notifyPath)
        var environment = self.environment
        environment["NOTIFY_SOCKET"] = notifyPath
        let start = monotonicNanoseconds()
        let pid = try Spawn.start(Binaries.pacerd, [], environment: environment, output: logPath)
        guard let ready = notify.waitForReady(timeout: 60) else {
            kill(pid, SIGKILL)
            _ = Spawn.wait(pid)
            throw BenchError("pacerd sent no READY=1 within 60 s; its log: \(logPath)")
        }
        notify.drain()
        return RunningDaemon(pid: pid, startToReady: Double(ready - start), notify: notify)
    }

    /// Starts pacerd once, so that it writes its files and migrates the store, and stops it.
    func initialise() throws {
        try launch().stop()
    }
}

/// A pacerd started by `DaemonTree.launch()`.
final class RunningDaemon {
    let pid: pid_t
    /// From just before `posix_spawn` to the arrival of `READY=1`, in nanoseconds.
    let startToReady: Double
    private let notify: NotifySocket
    private var stopped = false

    init(pid: pid_t, startToReady: Double, notify: NotifySocket) {
        self.pid = pid
        self.startToReady = startToReady
        self.notify = notify
    }

    deinit {
        if !stopped { kill(pid, SIGKILL); _ = Spawn.wait(pid) }
        notify.finish()
    }

    /// SIGTERM, then waits; pacerd must exit 0.
    func stop() throws {
        stopped = true
        kill(pid, SIGTERM)
        let status = Spawn.wait(pid)
        guard status == 0 else { throw BenchError("pacerd \(pid) exited with \(status) after SIGTERM") }
    }
}
