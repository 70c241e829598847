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
            (pacer.socket starts it on the first pacer command). pacer(1) talks to it.

            Files:
              ~/.config/pacer/config.toml   the configuration; written, annotated, on
                                            first start ($XDG_CONFIG_HOME)
              ~/.local/state/pacer/pacer.sqlite
                                            the queue and the attempts ledger
                                            ($STATE_DIRECTORY, else $XDG_STATE_HOME)
              $XDG_RUNTIME_DIR/pacer/control.sock
                                            the control socket (0600), unless systemd
                                            passes one (pacer.socket)
              ~/.local/share/pacer/outbox/  the outbox channel's files ($XDG_DATA_HOME)

            Environment: XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME,
            XDG_RUNTIME_DIR and STATE_DIRECTORY move the files above;
            CREDENTIALS_DIRECTORY holds secrets passed with LoadCredential=;
            NOTIFY_SOCKET, WATCHDOG_USEC, LISTEN_FDS and LISTEN_PID are systemd's;
            PACER_LOG_TARGET=journal or stderr chooses where it logs (default: the
            journal when its socket is there, else stderr).

            Signals: SIGHUP reloads the configuration (systemctl --user reload
            pacer; an invalid one is refused and the old one stays); SIGTERM and
            SIGINT stop it after the channel call in flight, within its timeout.

            Journal: every entry has SYSLOG_IDENTIFIER=pacerd, EVENT and a MESSAGE_ID
            per event (queued, claimed, published, failed, retrying, unknown, ...);
            entries about a post add POST_ID, DELIVERY_ID and CHANNEL, publishing
            ones ATTEMPT, PLANNED_AT, URL and LATENESS_MS. journalctl --user -u pacer
            shows them; the ids are listed in pacer's docs/journal.md.

            Exit status: 0 stopped cleanly; 70 store failure; 73 cannot create files;
            75 another pacerd is running; 78 invalid configuration or environment.
            """,
        version: PacerVersion.current,
        subcommands: [AuthSubcommand.self])

    @Option(name: .long, help: ArgumentHelp("Validate a configuration file, and that every channel has an open instant in the next year, print a warning line per channel that will soon be refused (an old LinkedIn version, a token about to expire), and exit (0 valid, 78 invalid).", valueName: "file"))
    var checkConfig: String?

    func run() throws {
        if let checkConfig { return try check(checkConfig) }
        let target = SystemdLogging.bootstrap(identifier: "pacerd")
        let events = EventLog(logger: Logger(label: "pacerd"), destination: target.rawValue)
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
            for warning in ConfigWarnings.of(config, environment: environment, now: Date()) {
                print("warning: \(warning.text)")
            }
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(78)
        }
    }
}
