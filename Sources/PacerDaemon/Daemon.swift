import CLinux
import Dispatch
import Foundation
import PacerChannels
import PacerCore
import PacerPOSIX
import PacerProtocol
import PacerStore
import PacerSystemd
#if canImport(Glibc)
import Glibc
#endif

/// pacerd assembled: paths, configuration, the single-instance lock, the store, the channels,
/// the engine and the control socket.
///
/// ## run() contract
/// `run()` starts the engine and the control server, reports READY, and returns; the caller then
/// parks the main thread (`dispatchMain()`). SIGTERM and SIGINT stop the daemon: STOPPING is
/// reported, an in-flight publish is finished, the socket is closed, and the process exits 0.
public final class Daemon: Sendable {
    public let paths: PacerPaths
    private let lock: InstanceLock
    private let engine: Engine
    private let server: ControlServer
    /// Makes the channels' publishers (at start and on reload); owns the shared HTTP client.
    private let factory: PublisherFactory
    private let events: EventLog
    private let notify: @Sendable (ServiceNotification) -> Void
    private let clock: @Sendable () -> Date
    private let signalSources = SignalSources()

    /// Builds the daemon from its environment. Every refusal is a `StartupError` naming the problem.
    public static func build(
        environment: [String: String], events: EventLog,
        clock: @escaping @Sendable () -> Date = { Date() },
        notify: @escaping @Sendable (ServiceNotification) -> Void
    ) throws(StartupError) -> Daemon {
        let paths: PacerPaths
        do {
            paths = try PacerPaths.resolve(environment: environment, userID: getuid())
        } catch {
            throw .environment(error.description)
        }
        do {
            for directory in [paths.configDirectory, paths.stateDirectory, paths.dataDirectory, paths.runtimeDirectory] {
                try Files.makeDirectories(directory, mode: 0o700)
            }
            try systemCall("chmod", paths.runtimeDirectory) { chmod(paths.runtimeDirectory, 0o700) }
            if !Files.exists(paths.configFile) {
                try Files.writeDurably(DefaultConfig.text, to: paths.configFile)
                events.record(.started, "wrote the default configuration to \(paths.configFile)", level: .notice)
            }
        } catch {
            throw .files("cannot prepare Pacer's directories: \(error)")
        }

        let config: DaemonConfig
        do {
            config = try ConfigLoader(systemTimeZone: .current, defaultOutbox: paths.defaultOutbox).load(path: paths.configFile)
        } catch {
            events.record(.configInvalid, "invalid configuration: \(error)", level: .error)
            throw .config(error)
        }

        let lock: InstanceLock
        do {
            lock = try InstanceLock(path: paths.lockFile)
        } catch where error.code == EWOULDBLOCK {
            let holder = InstanceLock.holder(of: paths.lockFile).map { " (pid \($0))" } ?? ""
            throw .alreadyRunning("another pacerd\(holder) is already running on \(paths.stateDirectory); stop it first (systemctl --user stop pacer)")
        } catch {
            throw .files("cannot lock \(paths.lockFile): \(error)")
        }

        let store: Store
        do {
            store = try Store(path: paths.database)
        } catch {
            throw .store("cannot open the store \(paths.database): \(error)")
        }

        let listener = try listeningSocket(paths.controlSocket)
        // Last, because the HTTP client must be shut down explicitly once a channel has created it.
        let http = SharedHTTPClient()
        let factory = PublisherFactory(
            http: http, credentials: CredentialStore(environment: environment), stateDirectory: paths.stateDirectory,
            logger: events.logger, environment: environment)
        let publishers: [String: any Publisher]
        do {
            publishers = try makePublishers(config, factory: factory)
        } catch {
            http.shutdown()
            events.record(.configInvalid, "invalid configuration: \(error)", level: .error)
            throw .config(ConfigError(file: paths.configFile, problem: error.description))
        }

        recordWarnings(config, environment: environment, now: clock(), events: events)

        let engine = Engine(store: store, config: config, publishers: publishers, events: events, clock: clock, notify: notify)
        let server = ControlServer(listener: listener, engine: engine, events: events)
        return Daemon(paths: paths, lock: lock, engine: engine, server: server, factory: factory, events: events, clock: clock, notify: notify)
    }

    private init(
        paths: PacerPaths, lock: InstanceLock, engine: Engine, server: ControlServer, factory: PublisherFactory,
        events: EventLog, clock: @escaping @Sendable () -> Date, notify: @escaping @Sendable (ServiceNotification) -> Void
    ) {
        self.paths = paths
        self.clock = clock
        self.factory = factory
        self.lock = lock
        self.engine = engine
        self.server = server
        self.events = events
        self.notify = notify
    }

    /// One publisher per configured channel; throws when a channel's credential cannot be used.
    static func makePublishers(_ config: DaemonConfig, factory: PublisherFactory) throws(CredentialError) -> [String: any Publisher] {
        var publishers: [String: any Publisher] = [:]
        for channel in config.channels {
            publishers[channel.name] = try factory.makePublisher(channel: channel.name, settings: channel.settings)
        }
        return publishers
    }

    /// Writes a `config_warning` entry for each of the configuration's ``ConfigWarnings``.
    static func recordWarnings(_ config: DaemonConfig, environment: [String: String], now: Date, events: EventLog) {
        for warning in ConfigWarnings.of(config, environment: environment, now: now) {
            events.record(.configWarning, warning.text, level: .warning, channel: warning.channel)
        }
    }

    /// The socket systemd passed (`pacer.socket`), else one bound here after making sure no live
    /// daemon answers at the path.
    private static func listeningSocket(_ path: String) throws(StartupError) -> Int32 {
        let passed: [Int32]
        do {
            passed = try ListenFDs.take()
        } catch {
            throw .files("cannot take the socket systemd passed: \(error)")
        }
        if let socket = passed.first { return socket }
        if Files.exists(path) {
            if let fd = try? UnixSocket.connect(path: path) {
                close(fd)
                throw .alreadyRunning("another pacerd answers at \(path); stop it first (systemctl --user stop pacer)")
            }
            unlink(path)
        }
        do {
            return try UnixSocket.listen(path: path)
        } catch {
            throw .files("cannot listen on \(path): \(error)")
        }
    }

    /// Starts the engine and the control server, installs the signal handlers, reports READY.
    public func run(exit: @escaping @Sendable (Int32) -> Void = { Glibc.exit($0) }) throws(StartupError) {
        // A post's images are read whole, a few MB each: with a fixed threshold glibc maps each such
        // buffer and gives it back when freed; its default, which rises after the first, would keep
        // them in the heap for the life of the service (BENCHMARKS.md, row 11).
        mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        do {
            try engine.start()
            try server.start()
        } catch {
            factory.http.shutdown()
            try? engine.store.close()  // the last connection removes the -wal file it made
            throw .store("cannot start: \(error)")
        }
        // The first plan read and planned the whole queue: give back the heap it no longer needs
        // rather than keep it resident for the life of the service.
        malloc_trim(0)
        let stop: @Sendable () -> Void = { [self] in
            engine.stop { [self] in
                server.stop()
                factory.http.shutdown()
                events.record(.stopping, "pacerd stopped")
                exit(0)
            }
        }
        signalSources.install([SIGTERM, SIGINT], handler: stop)
        signalSources.install([SIGHUP]) { [self] in reload() }
        if ProcessInfo.processInfo.environment["PACER_TEST_HOOKS"] == "stall" {
            signalSources.install([SIGUSR2]) { [self] in engine.stallForTesting() }
        }
        if let interval = try? Watchdog.interval() {
            let notify = self.notify
            engine.startWatchdog(every: interval / 2) { notify(.watchdog) }
        }
        let status = engine.statusLine
        notify(.ready(status: status))
        events.record(.started, "pacerd \(PacerVersion.current) started: \(status)", fields: ["socket": paths.controlSocket])
    }
}

extension Daemon {
    /// SIGHUP (`systemctl --user reload pacer`): re-read the configuration and re-plan; a bad
    /// configuration is refused and the running one stays in force. RELOADING=1 … READY=1 either way.
    func reload() {
        notify(.reloading)
        let status: String
        do throws(ConfigError) {
            let config = try ConfigLoader(systemTimeZone: .current, defaultOutbox: paths.defaultOutbox).load(path: paths.configFile)
            let publishers: [String: any Publisher]
            do {
                publishers = try Self.makePublishers(config, factory: factory)
            } catch {
                throw ConfigError(file: paths.configFile, problem: error.description)
            }
            status = engine.reload(config, publishers: publishers)
            events.record(.reloaded, "reloaded \(paths.configFile): \(status)")
            Self.recordWarnings(config, environment: factory.environment, now: clock(), events: events)
        } catch {
            status = engine.reloadRefused(error)
            events.record(.configInvalid, "reload refused, the previous configuration stays in force: \(error)", level: .error)
        }
        notify(.ready(status: status))
    }
}
