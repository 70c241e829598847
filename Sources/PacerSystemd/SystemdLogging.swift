import CSystemd  // SOCK_DGRAM and SOCK_CLOEXEC: in a release (whole-module) build they come through sys/socket.h in this module
import Glibc
import Logging
import PacerPOSIX

/// Chooses where a program's logs go and bootstraps swift-log with it.
///
/// The rule, applied once at ``bootstrap(identifier:logLevel:)``:
///
/// 1. `PACER_LOG_TARGET=journal` or `PACER_LOG_TARGET=stderr` (exactly these lower-case words)
///    decides. Any other value, or none, means the automatic choice below.
/// 2. Otherwise the **journal** when journald's native socket (``journalSocketPath``) accepts a
///    connection (``journalSocketIsReachable(path:)``). That is so whenever systemd starts the
///    program, and also when it is run by hand on a machine where journald runs: entries then
///    carry their fields either way (`journalctl -t pacerd -f` to follow them).
/// 3. Otherwise **standard error**, one line per entry (``StderrLogHandler``). That is the case in
///    a container or a CI machine without journald. A program run by systemd without a reachable
///    journal socket also lands here; its standard error then still reaches journald as plain
///    lines through `$JOURNAL_STREAM`, just without fields.
///
/// To watch a foreground run in the terminal on a machine with journald, set
/// `PACER_LOG_TARGET=stderr`.
public enum SystemdLogging {
    /// Where log entries go.
    public enum Target: String, Sendable, CaseIterable {
        /// Structured journal entries, through ``JournalLogHandler``.
        case journal
        /// Readable lines on standard error, through ``StderrLogHandler``.
        case stderr
    }

    /// The environment variable that overrides the automatic choice.
    public static let overrideVariable = "PACER_LOG_TARGET"

    /// journald's native-protocol socket, which `sd_journal_sendv` writes to.
    public static let journalSocketPath = "/run/systemd/journal/socket"

    /// Applies the rule above to an environment and a journal probe (both injectable for tests).
    ///
    /// - Parameters:
    ///   - environment: looks up an environment variable; the process environment by default.
    ///   - journalIsReachable: whether the journal socket accepts a connection.
    public static func target(
        environment: (String) -> String? = processEnvironment,
        journalIsReachable: () -> Bool = { journalSocketIsReachable() }
    ) -> Target {
        if let value = environment(overrideVariable), let target = Target(rawValue: value) {
            return target
        }
        return journalIsReachable() ? .journal : .stderr
    }

    /// Whether the datagram socket at `path` exists and accepts a connection from this process,
    /// i.e. journald listens there and we may write to it. A stale socket file left by a stopped
    /// journald, or one we lack permission for, is not reachable.
    public static func journalSocketIsReachable(path: String = journalSocketPath) -> Bool {
        guard let address = UnixSocketAddress(path: path) else { return false }
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard let socket = try? systemCall("socket", path, { Glibc.socket(AF_UNIX, type, 0) }) else { return false }
        defer { _ = try? systemCall("close") { close(socket) } }
        let connected = try? address.withSocketAddress { (pointer, length) throws(SystemCallError) in
            try systemCall("connect", path) { connect(socket, pointer, length) }
        }
        return connected != nil
    }

    /// A handler for `target` writing entries as `identifier`, at `logLevel`.
    public static func makeHandler(
        identifier: String, target: Target, logLevel: Logger.Level = .info
    ) -> any LogHandler {
        var handler: any LogHandler = switch target {
        case .journal: JournalLogHandler(identifier: identifier)
        case .stderr: StderrLogHandler(identifier: identifier)
        }
        handler.logLevel = logLevel
        return handler
    }

    /// Bootstraps swift-log (once per process, from `main`) with handlers for ``target(environment:journalIsReachable:)``.
    ///
    /// - Parameters:
    ///   - identifier: the `SYSLOG_IDENTIFIER` of journal entries and the name in stderr lines.
    ///   - logLevel: the least severe level written.
    /// - Returns: the target chosen, so that `main` can say where its logs go.
    @discardableResult
    public static func bootstrap(identifier: String, logLevel: Logger.Level = .info) -> Target {
        let target = target()
        LoggingSystem.bootstrap { _ in makeHandler(identifier: identifier, target: target, logLevel: logLevel) }
        return target
    }

    /// Looks `name` up in the process environment.
    public static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
