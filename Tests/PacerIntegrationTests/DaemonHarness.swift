import Foundation
import PacerProtocol
import Testing

/// A real `pacerd` on a temporary XDG tree, and the real `pacer` binary talking to it.
/// The binaries come from the build directory next to the test bundle (`swift build` first;
/// `make test` does).
final class DaemonHarness: @unchecked Sendable {
    /// Where the built executables are: `$PACER_BIN_DIR`, else the directory of the test bundle.
    static let binDirectory: URL = {
        if let explicit = ProcessInfo.processInfo.environment["PACER_BIN_DIR"] { return URL(fileURLWithPath: explicit) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/", !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("pacerd").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    let root: URL
    let environment: [String: String]
    private(set) var daemon: TestProcess?
    var logPath: String { root.appendingPathComponent("pacerd.log").path }
    var configPath: String { root.appendingPathComponent("config/pacer/config.toml").path }
    var outbox: URL { root.appendingPathComponent("data/pacer/outbox") }
    var socketPath: String { root.appendingPathComponent("runtime/pacer/control.sock").path }

    init(logTarget: String = "stderr") throws {
        // Short path: a Unix socket path must fit in 108 bytes.
        root = URL(fileURLWithPath: "/tmp/pacer-it-\(UUID().uuidString.prefix(8))")
        for directory in ["config", "state", "data", "runtime"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        chmod(root.appendingPathComponent("runtime").path, 0o700)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment["XDG_STATE_HOME"] = root.appendingPathComponent("state").path
        environment["XDG_DATA_HOME"] = root.appendingPathComponent("data").path
        environment["XDG_RUNTIME_DIR"] = root.appendingPathComponent("runtime").path
        environment["PACER_LOG_TARGET"] = logTarget
        for name in ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "STATE_DIRECTORY", "INVOCATION_ID", "JOURNAL_STREAM"] {
            environment[name] = nil
        }
        self.environment = environment
    }

    deinit {
        daemon?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Starts pacerd and waits until it answers on its socket.
    func start(config: String? = nil) throws {
        if let config {
            try FileManager.default.createDirectory(atPath: (configPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = try TestProcess(Self.binDirectory.appendingPathComponent("pacerd").path, environment: environment,
                                      standardOutput: .file(logPath), standardError: .file(logPath))
        daemon = process
        let client = ControlClient(socketPath: socketPath, timeoutSeconds: 5)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? client.send(.status, expecting: StatusView.self)) != nil { return }
            guard process.isRunning else { throw HarnessError("pacerd exited with \(process.waitUntilExit()): \(log)") }
            usleep(50_000)
        }
        throw HarnessError("pacerd did not answer within 20 s: \(log)")
    }

    /// Launches another pacerd on the same tree and returns its exit status and stderr.
    func runDaemonToExit() throws -> (status: Int32, stderr: String) {
        let result = try run(Self.binDirectory.appendingPathComponent("pacerd").path, [])
        return (result.status, result.stderr)
    }

    /// Sends SIGTERM (SIGKILL if it is still running after `TestProcess.grace`) and returns the
    /// exit status.
    func stop() -> Int32 {
        daemon?.stop() ?? -1
    }

    var isDaemonRunning: Bool { daemon?.isRunning ?? false }

    /// Kills pacerd with SIGKILL, as a crash or a power cut would, and waits for it to be gone.
    func kill() {
        guard let daemon, daemon.isRunning else { return }
        daemon.send(SIGKILL)
        daemon.waitUntilExit()
    }

    /// Sends SIGHUP, as `systemctl --user reload pacer` does.
    func reload() throws {
        guard let daemon, daemon.isRunning else { throw HarnessError("pacerd is not running") }
        daemon.send(SIGHUP)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Runs the built `pacer` with `arguments`; returns exit status, stdout and stderr.
    @discardableResult
    func pacer(_ arguments: String..., stdin: String? = nil, environment extra: [String: String] = [:]) throws -> CommandResult {
        try run(Self.binDirectory.appendingPathComponent("pacer").path, arguments, stdin: stdin, extraEnvironment: extra)
    }

    /// Runs any program to its end with the harness's environment (plus `extraEnvironment`).
    /// Its stdout and stderr go to files in the tree, so that neither can fill up while the other
    /// is read.
    func run(_ executable: String, _ arguments: [String], stdin: String? = nil, extraEnvironment: [String: String] = [:]) throws -> CommandResult {
        let outputs = root.appendingPathComponent("run-\(UUID().uuidString.prefix(8))")
        let outPath = outputs.path + ".out", errPath = outputs.path + ".err"
        defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(atPath: path) } }
        let process = try TestProcess(executable, arguments, environment: environment.merging(extraEnvironment) { _, extra in extra },
                                      standardOutput: .file(outPath), standardError: .file(errPath))
        if let stdin { try process.write(Data(stdin.utf8)) }
        process.closeInput()
        let status = process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return CommandResult(status: status, stdout: read(outPath), stderr: read(errPath))
    }

    /// `pacer … --json`, decoded.
    func pacerJSON<T: Decodable>(_ type: T.Type, _ arguments: String...) throws -> T {
        let result = try run(Self.binDirectory.appendingPathComponent("pacer").path, arguments + ["--json"])
        guard result.status == 0 else { throw HarnessError("pacer \(arguments) exited \(result.status): \(result.stderr)") }
        return try ControlCoding.makeDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass.
    func wait(seconds: Double, for description: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        throw HarnessError("timed out after \(seconds) s waiting for \(description); pacerd log:\n\(log)")
    }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
