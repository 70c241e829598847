import ArgumentParser
import Dispatch
import Foundation
import Logging
import PacerDaemon
import PacerProtocol
import PacerSystemd

/// `pacerd`: parse arguments, build the daemon, run it.
@main
struct PacerdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pacerd",
        abstract: "The Pacer daemon: publishes queued posts at the pace you chose.",
        discussion: """
            Run it as a systemd user service: systemctl --user enable --now pacer
            It reads ~/.config/pacer/config.toml (written on first start), keeps its
            state in ~/.local/state/pacer/pacer.sqlite and listens on
            $XDG_RUNTIME_DIR/pacer/control.sock. Logs go to the journal
            (journalctl --user -u pacer) or, outside systemd, to stderr.

            Exit status: 0 stopped cleanly; 70 store failure; 73 cannot create files;
            75 another pacerd is running; 78 invalid configuration or environment.
            """,
        version: PacerVersion.current)

    @Option(name: .long, help: ArgumentHelp("Validate a configuration file, and that every channel has an open instant in the next year, and exit (0 valid, 78 invalid).", valueName: "file"))
    var checkConfig: String?

    func run() throws {
        if let checkConfig { return try check(checkConfig) }
        SystemdLogging.bootstrap(identifier: "pacerd")
        let events = EventLog(logger: Logger(label: "pacerd"))
        let notifier = SystemdNotifier()
        do {
            let daemon = try Daemon.build(environment: ProcessInfo.processInfo.environment, events: events) { notification in
                do {
                    switch notification {
                    case let .ready(status): try notifier.ready(status: status)
                    case let .status(status): try notifier.status(status)
                    case .reloading: try notifier.reloading()
                    case .watchdog: try notifier.watchdog()
                    case .stopping: try notifier.stopping()
                    }
                } catch {
                    events.logger.warning("cannot notify systemd: \(error)")
                }
            }
            try daemon.run()
        } catch {
            FileHandle.standardError.write(Data("pacerd: \(error.description)\n".utf8))
            throw ExitCode(error.exitCode)
        }
        dispatchMain()
    }

    private func check(_ path: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let outbox = (environment["XDG_DATA_HOME"] ?? (environment["HOME"] ?? "~") + "/.local/share") + "/pacer/outbox"
        do {
            let config = try ConfigLoader(systemTimeZone: .current, defaultOutbox: outbox).check(path: path, now: Date())
            let channels = config.channels.map { "\($0.name) (\($0.kind.rawValue)\($0.isDefault ? ", default" : ""))" }
            print("\(path): valid; channels: \(channels.joined(separator: ", "))")
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(78)
        }
    }
}
