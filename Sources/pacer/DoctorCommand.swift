import ArgumentParser
import Foundation
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// `pacer doctor`: checks the installation end to end and says how to fix what is wrong.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation and say how to fix what is wrong.",
        discussion: """
            Checks, in order: the systemd user manager answers; pacer.service and
            pacer.socket are installed and enabled; the service is active; pacerd answers
            on its socket (mode 0600); its journal entries are readable; the configuration
            is valid (pacerd --check-config); every credential it names is readable and
            private; the store passes PRAGMA integrity_check; the clock is synchronised
            (when timedatectl can tell). A check that cannot run because an earlier one
            failed, or that the machine cannot answer, is skipped. The configuration
            check warns when a channel will soon be refused: a LinkedIn version near
            retirement, a token that expires within a week and is not renewed.

            Exit status: 0 when no check failed (warnings included), 1 otherwise.
            """)

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let report = Examination(environment: ProcessInfo.processInfo.environment).report()
        if json {
            try Output.json(report)
        } else {
            for check in report.checks { Output.line(check.rendered) }
            let failed = report.checks.filter { $0.status == .fail }.count
            Output.line(failed == 0 ? "\nNo problem found." : "\n\(failed) of \(report.checks.count) checks failed.")
        }
        if !report.ok { throw ExitCode(1) }
    }
}

/// The outcome of `pacer doctor`, as `--json` prints it.
struct DoctorReport: Codable, Sendable, Equatable {
    /// `true` when no check failed.
    var ok: Bool
    var checks: [DoctorCheck]
}

/// One check: what was examined, what was found, and how to fix it when it failed.
struct DoctorCheck: Codable, Sendable, Equatable {
    enum Status: String, Codable, Sendable {
        case pass, warn, fail, skip
    }

    /// A stable identifier such as `service-active`.
    var name: String
    var status: Status
    /// What was found.
    var detail: String
    /// What to do about it; only on a failure or a warning.
    var fix: String?

    static func pass(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, status: .pass, detail: detail, fix: nil)
    }

    static func fail(_ name: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(name: name, status: .fail, detail: detail, fix: fix)
    }

    static func warn(_ name: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(name: name, status: .warn, detail: detail, fix: fix)
    }

    static func skip(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, status: .skip, detail: detail, fix: nil)
    }

    /// `ok    service-active     active (running): 0 queued · …` and an indented `fix:` line.
    var rendered: String {
        let label = switch status {
        case .pass: "ok  "
        case .warn: "warn"
        case .fail: "FAIL"
        case .skip: "skip"
        }
        let head = "\(label)  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(detail)"
        return fix.map { head + "\n      fix: " + $0 } ?? head
    }
}

/// The checks of `pacer doctor`, run against this user's environment.
struct Examination {
    let environment: [String: String]
    private let service = JournalScope.unit
    private let socketUnit = "pacer.socket"

    init(environment: [String: String]) {
        self.environment = environment
    }

    /// Runs every check in order; later checks skip when what they need failed.
    func report() -> DoctorReport {
        var checks: [DoctorCheck] = []
        let paths: PacerPaths
        do {
            paths = try PacerPaths.resolve(environment: environment, userID: getuid())
        } catch {
            checks.append(.fail("environment", error.description, fix: "run pacer doctor in your login session, where systemd sets XDG_RUNTIME_DIR"))
            return DoctorReport(ok: false, checks: checks)
        }
        let systemctl = Subprocess.find("systemctl", environment: environment)
        let manager = userManager(systemctl)
        checks.append(manager)
        if let systemctl, manager.status == .pass {
            let units = unitProperties(systemctl)
            checks.append(installed(units))
            checks.append(enabled(units))
            checks.append(active(units[service] ?? [:]))
        } else {
            for name in ["units-installed", "units-enabled", "service-active"] {
                checks.append(.skip(name, "needs the systemd user manager"))
            }
        }
        let (daemon, status) = socket(paths)
        checks.append(daemon)
        checks.append(journal(status))
        let config = configuration(paths)
        checks.append(config)
        checks.append(credentials(paths, systemctl: manager.status == .pass ? systemctl : nil))
        checks.append(daemon.status == .pass ? store(paths) : .skip("store-integrity", "needs pacerd to answer on its socket"))
        checks.append(clock())
        return DoctorReport(ok: !checks.contains { $0.status == .fail }, checks: checks)
    }

    // MARK: - systemd

    private func userManager(_ systemctl: String?) -> DoctorCheck {
        let name = "user-manager"
        guard let systemctl else {
            return .fail(name, "systemctl is not installed", fix: "install systemd; Pacer runs as a systemd user service")
        }
        let state = Subprocess.run(systemctl, ["--user", "is-system-running"], errors: .discard).trimmed
        switch state {
        case "running", "starting", "initializing":
            return .pass(name, "systemd --user answers (\(state))")
        case "degraded":
            return .pass(name, "systemd --user answers (degraded: another unit failed; see systemctl --user --failed)")
        default:
            let why = Subprocess.run(systemctl, ["--user", "is-system-running"]).trimmed
            return .fail(name, "systemd --user does not answer: \(why.isEmpty ? "no reply" : why)", fix: """
                log in with a session that starts systemd --user (XDG_RUNTIME_DIR=\(environment["XDG_RUNTIME_DIR"] ?? "/run/user/\(getuid())") \
                must be its runtime directory); to keep it running without a login: loginctl enable-linger $USER
                """)
        }
    }

    /// `systemctl --user show` of both units: unit name → property → value.
    private func unitProperties(_ systemctl: String) -> [String: [String: String]] {
        let units = [service, socketUnit]
        let properties = "Id,LoadState,UnitFileState,FragmentPath,NeedDaemonReload,ActiveState,SubState,Result,ExecMainStatus,StatusText"
        let shown = Subprocess.run(systemctl, ["--user", "show", "--property=\(properties)"] + units, errors: .discard).output
        var result: [String: [String: String]] = [:]
        for block in shown.components(separatedBy: "\n\n") {
            var values: [String: String] = [:]
            for line in block.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                values[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            if let id = values["Id"] { result[id] = values }
        }
        return result
    }

    private func installed(_ units: [String: [String: String]]) -> DoctorCheck {
        let name = "units-installed"
        var problems: [String] = []
        for unit in [service, socketUnit] {
            let values = units[unit] ?? [:]
            let fragment = values["FragmentPath"] ?? ""
            if values["LoadState"] != "loaded" {
                problems.append("\(unit) is not installed (\(values["LoadState"] ?? "unknown"))")
            } else if fragment.isEmpty || !FileManager.default.fileExists(atPath: fragment) {
                problems.append("\(unit)'s file \(fragment) is gone")
            } else if values["NeedDaemonReload"] == "yes" {
                problems.append("\(unit) changed on disk since the manager read it")
            }
        }
        guard problems.isEmpty else {
            return .fail(name, problems.joined(separator: "; "), fix: """
                make install (or: install -m 0644 systemd/pacer.service systemd/pacer.socket ~/.config/systemd/user/), \
                then: systemctl --user daemon-reload
                """)
        }
        return .pass(name, [service, socketUnit].map { "\($0) (\(units[$0]?["FragmentPath"] ?? ""))" }.joined(separator: ", "))
    }

    private func enabled(_ units: [String: [String: String]]) -> DoctorCheck {
        let name = "units-enabled"
        let states = [service, socketUnit].map { ($0, units[$0]?["UnitFileState"] ?? "unknown") }
        let off = states.filter { !["enabled", "enabled-runtime"].contains($0.1) }
        let summary = states.map { "\($0.0) \($0.1.isEmpty ? "not installed" : $0.1)" }.joined(separator: ", ")
        guard off.isEmpty else {
            return .fail(name, summary, fix: """
                systemctl --user enable \(off.map(\.0).joined(separator: " ")) \
                (the service so that pacerd runs from login on, the socket so that pacer starts it when stopped)
                """)
        }
        return .pass(name, summary)
    }

    private func active(_ values: [String: String]) -> DoctorCheck {
        let name = "service-active"
        let state = "\(values["ActiveState"] ?? "unknown") (\(values["SubState"] ?? "unknown"))"
        guard values["ActiveState"] == "active" else {
            var detail = "\(service) is \(state)"
            if let result = values["Result"], result != "success" { detail += ", result \(result)" }
            if let status = values["ExecMainStatus"], status != "0" { detail += ", exit status \(status)" }
            return .fail(name, detail, fix: "systemctl --user start pacer; to see why it stopped: pacer logs -n 20")
        }
        let status = values["StatusText"].map { $0.isEmpty ? "" : ": \($0)" } ?? ""
        guard !status.contains("config error") else {
            return .fail(name, "\(state)\(status)", fix: "fix the configuration (see config-valid), then: systemctl --user reload pacer")
        }
        return .pass(name, "\(state)\(status)")
    }

    // MARK: - pacerd

    /// Whether pacerd answers on its socket, and its status when it does.
    private func socket(_ paths: PacerPaths) -> (DoctorCheck, StatusView?) {
        let name = "socket-reachable"
        let path = paths.controlSocket
        let status: StatusView
        do {
            status = try ControlClient(socketPath: path, timeoutSeconds: 10).send(.status, expecting: StatusView.self).get()
        } catch let error as ControlClient.Failure {
            return (.fail(name, error.description, fix: "systemctl --user start pacer (and systemctl --user enable pacer.socket, so that pacer starts it)"), nil)
        } catch {
            return (.fail(name, "pacerd answered with an error: \(error)", fix: "pacer logs -n 20 shows what pacerd reported"), nil)
        }
        for (file, limit) in [(path, "0600"), (paths.runtimeDirectory, "0700")] {
            if let mode = Self.mode(file), mode & 0o077 != 0 {
                return (.fail(name, "\(file) has mode 0\(String(mode, radix: 8)): other users may connect",
                              fix: "chmod \(limit.dropFirst()) \(file), and keep SocketMode=0600 DirectoryMode=0700 in pacer.socket"), status)
            }
        }
        return (.pass(name, "pacerd \(status.version) (pid \(status.pid)) answers at \(path)"), status)
    }

    /// Whether pacerd's entries reach the journal and can be read: the running pacerd says where it
    /// writes (`status`), and journalctl must find its entries.
    private func journal(_ status: StatusView?) -> DoctorCheck {
        let name = "journal-reachable"
        if let status, status.logTarget == "stderr" {
            return .fail(name, "pacerd (pid \(status.pid)) writes its log to stderr, not to the journal: its entries have no fields, and pacer logs cannot select them",
                         fix: "start it under systemd (systemctl --user restart pacer) without PACER_LOG_TARGET=stderr in its environment, with systemd-journald running")
        }
        guard Subprocess.find("journalctl", environment: environment) != nil else {
            return .fail(name, "journalctl is not installed", fix: "install systemd; pacerd logs to the journal")
        }
        if let scope = JournalScope.detect() {
            return .pass(name, "journalctl \(scope.arguments.joined(separator: " ")) reads pacerd's entries (pacer logs uses it)")
        }
        return .fail(name, "no entry of \(service) is readable (neither with --user -u nor with --user-unit=)", fix: """
            if pacerd ran, its entries are in the system journal (runtime storage): join the systemd-journal group \
            (sudo usermod -aG systemd-journal $USER, then log in again), or keep the journal on disk so that you \
            get your own files (sudo mkdir -p /var/log/journal && sudo systemctl restart systemd-journald)
            """)
    }

    private func configuration(_ paths: PacerPaths) -> DoctorCheck {
        let name = "config-valid"
        let file = paths.configFile
        guard FileManager.default.fileExists(atPath: file) else {
            return .pass(name, "\(file) does not exist yet; pacerd writes the annotated default on its first start")
        }
        guard let pacerd = PacerdProcess.executable(environment) else {
            return .fail(name, "pacerd is neither beside pacer nor on PATH, so the configuration cannot be checked", fix: "make install")
        }
        let checked = Subprocess.run(pacerd, ["--check-config", file])
        switch checked.status {
        case 0:
            // pacerd --check-config prints "warning: …" lines after its verdict (ConfigWarnings).
            let lines = checked.trimmed.split(separator: "\n").map(String.init)
            let warnings = lines.filter { $0.hasPrefix("warning: ") }.map { String($0.dropFirst("warning: ".count)) }
            let verdict = lines.filter { !$0.hasPrefix("warning: ") }.joined(separator: " ")
            guard warnings.isEmpty else { return .warn(name, verdict, fix: warnings.joined(separator: "; ")) }
            return .pass(name, verdict)
        case 78:
            return .fail(name, checked.trimmed, fix: "edit \(file) where the message says, check it with pacer config check, apply it with systemctl --user reload pacer")
        default:
            return .fail(name, "pacerd --check-config exited with \(checked.status): \(checked.trimmed)", fix: "make install (pacer and pacerd must come from one build)")
        }
    }

    private func credentials(_ paths: PacerPaths, systemctl: String?) -> DoctorCheck {
        let name = "credentials-private"
        guard let text = try? String(contentsOfFile: paths.configFile, encoding: .utf8) else {
            return .skip(name, "no configuration to read credential names from")
        }
        let names = Self.credentialNames(in: text)
        guard !names.isEmpty else { return .pass(name, "the configuration names no credential") }
        let loaded = systemctl.map(loadedCredentials) ?? [:]
        let directory = paths.configDirectory + "/credentials"
        var found: [String] = []
        var problems: [String] = []
        var fixes: [String] = []
        for credential in names {
            let path = loaded[credential] ?? directory + "/" + credential
            guard let problem = Self.privacyProblem(path) else {
                found.append("\(credential) (\(path))")
                continue
            }
            problems.append("\(credential): \(problem.detail)")
            fixes.append(problem.fix)
        }
        guard problems.isEmpty else {
            return .fail(name, problems.joined(separator: "; "), fix: fixes.joined(separator: "; "))
        }
        return .pass(name, found.joined(separator: ", "))
    }

    /// `LoadCredential=NAME:PATH` of pacer.service and its drop-ins, with `%h` and `%E` expanded:
    /// name → path. (`systemctl show` cannot print this property, so the unit's text is read.)
    private func loadedCredentials(_ systemctl: String) -> [String: String] {
        let unit = Subprocess.run(systemctl, ["--user", "cat", service], errors: .discard).output
        let home = environment["HOME"] ?? ""
        let configHome = environment["XDG_CONFIG_HOME"] ?? home + "/.config"
        var result: [String: String] = [:]
        for line in unit.split(separator: "\n") where line.hasPrefix("LoadCredential=") {
            let value = line.dropFirst("LoadCredential=".count)
            if value.isEmpty { result = [:] }
            guard let colon = value.firstIndex(of: ":") else { continue }
            let path = value[value.index(after: colon)...]
                .replacingOccurrences(of: "%h", with: home)
                .replacingOccurrences(of: "%E", with: configHome)
            if path.hasPrefix("/") { result[String(value[..<colon])] = path }
        }
        return result
    }

    private func store(_ paths: PacerPaths) -> DoctorCheck {
        let name = "store-integrity"
        do {
            let check = try ControlClient(socketPath: paths.controlSocket, timeoutSeconds: 120).send(.checkStore, expecting: StoreCheckView.self).get()
            guard check.ok else {
                return .fail(name, "\(check.path): \(check.findings.prefix(5).joined(separator: "; "))", fix: """
                    systemctl --user stop pacer; cp \(check.path) \(check.path).damaged; \
                    sqlite3 \(check.path).damaged .recover | sqlite3 \(check.path).recovered; \
                    mv \(check.path).recovered \(check.path); systemctl --user start pacer
                    """)
            }
            return .pass(name, "PRAGMA integrity_check: ok (\(check.path))")
        } catch {
            return .fail(name, "pacerd could not check its store: \(error)", fix: "pacer logs -n 20 shows what pacerd reported")
        }
    }

    // MARK: - the machine

    private func clock() -> DoctorCheck {
        let name = "clock-synchronised"
        guard let timedatectl = Subprocess.find("timedatectl", environment: environment) else {
            return .skip(name, "timedatectl is not installed, so the clock's synchronisation is unknown")
        }
        let shown = Subprocess.run(timedatectl, ["show", "--property=NTPSynchronized", "--value"])
        switch (shown.status, shown.trimmed) {
        case (0, "yes"):
            return .pass(name, "the system clock is synchronised (NTP)")
        case (0, "no"):
            return .fail(name, "the system clock is not synchronised; posts go out by it", fix: "sudo timedatectl set-ntp true (systemd-timesyncd, or chrony)")
        default:
            let reason = shown.trimmed.split(separator: "\n").first.map(String.init) ?? "no answer"
            return .skip(name, "timedatectl cannot tell: \(reason)")
        }
    }

    // MARK: - helpers

    /// The names after `credential =` and `secret =` in uncommented lines of a configuration.
    static func credentialNames(in text: String) -> [String] {
        var names: [String] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            guard key == "credential" || key == "secret" else { continue }
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let quote = value.first, quote == "\"" || quote == "'",
                  let end = value.dropFirst().firstIndex(of: quote) else { continue }
            let credential = String(value[value.index(after: value.startIndex)..<end])
            if !credential.isEmpty, !names.contains(credential) { names.append(credential) }
        }
        return names
    }

    /// Why the secret at `path` is unusable or not private, with the fix; `nil` when it is fine.
    static func privacyProblem(_ path: String) -> (detail: String, fix: String)? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return ("\(path) is missing", "printf '%s' SECRET > \(path) && chmod 600 \(path) (or LoadCredential=, see systemd/credentials.conf.example)")
        }
        let mode = info.st_mode & 0o7777
        if info.st_mode & S_IFMT != S_IFREG {
            return ("\(path) is not a regular file", "store the secret in a plain file at \(path)")
        }
        if info.st_uid != getuid() {
            return ("\(path) is owned by uid \(info.st_uid), not by you", "chown \(getuid()) \(path) && chmod 600 \(path)")
        }
        if mode & 0o077 != 0 {
            return ("\(path) has mode 0\(String(mode, radix: 8)), so group or others can read it", "chmod 600 \(path)")
        }
        if access(path, R_OK) != 0 {
            return ("\(path) is not readable", "chmod 600 \(path)")
        }
        return nil
    }

    /// The permission bits of `path`, or `nil` when it cannot be examined.
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }
}
