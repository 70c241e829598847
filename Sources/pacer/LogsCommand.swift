import ArgumentParser
import Foundation
import PacerCore
#if canImport(Glibc)
import Glibc
#endif

/// `pacer logs`: pacerd's journal entries, through `journalctl` with the right matches.
struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show pacerd's journal entries.",
        discussion: """
            Runs journalctl for pacer.service, narrowed to one post (--post: every entry of
            its life shares POST_ID) or one channel (--channel). Where the entries are
            depends on the journal's storage: with persistent storage a user's units log to
            the user's own journal (journalctl --user -u pacer.service); with runtime
            storage, or for root, they are in the system journal, reached with journalctl
            --user-unit=pacer.service (as root or as a member of the systemd-journal
            group). pacer logs uses the first that holds pacer.service entries.
            --print-command shows the command instead of running it.
            """)

    @Flag(name: .shortAndLong, help: "Keep printing new entries as they arrive.")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("Only the entries of this post.", valueName: "id"))
    var post: PostID?

    @Option(name: .long, help: ArgumentHelp("Only the entries about this channel.", valueName: "name"), completion: Completions.channels)
    var channel: String?

    @Option(name: .long, help: ArgumentHelp("Only entries at or after this instant (journalctl syntax: \"today\", \"-1h\", \"2026-12-01 09:00\").", valueName: "when"))
    var since: String?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Only the last N entries.", valueName: "N"))
    var lines: Int?

    @Option(name: .shortAndLong, help: ArgumentHelp("journalctl's output format (short, short-iso, cat, json, verbose, …).", valueName: "format"))
    var output: String?

    @Flag(name: [.customShort("x"), .customLong("catalog")], help: "Explain each entry with its catalog text (needs make install-catalog).")
    var catalog = false

    @Flag(name: .long, help: "Print everything at once instead of through a pager.")
    var noPager = false

    @Flag(name: .long, help: "Print the journalctl command instead of running it.")
    var printCommand = false

    func validate() throws {
        if let lines, lines < 0 { throw ValidationError("-n must not be negative") }
        if let channel, channel.isEmpty || channel.contains("=") || channel.contains(where: \.isNewline) {
            throw ValidationError("--channel takes a channel's name, as in the configuration")
        }
    }

    func run() throws {
        guard let journalctl = Subprocess.find("journalctl") else {
            Output.error("journalctl is not installed; pacerd's entries are in the systemd journal")
            throw ExitCode(CLIExit.daemonUnreachable)
        }
        let scope = JournalScope.detect() ?? .userUnit
        let arguments = scope.arguments + journalctlOptions
        if printCommand {
            Output.line(([journalctl] + arguments).map(Subprocess.shellQuoted).joined(separator: " "))
            return
        }
        let error = Subprocess.replaceProcess(with: journalctl, arguments: arguments)
        Output.error("cannot run \(journalctl): \(String(cString: strerror(error)))")
        throw ExitCode(CLIExit.daemonFailed)
    }

    /// The options and matches after the scope: journalctl ANDs `POST_ID=` and `CHANNEL=` with
    /// the unit match.
    var journalctlOptions: [String] {
        var options: [String] = []
        if follow { options.append("--follow") }
        if let since { options.append("--since=\(since)") }
        if let lines { options.append("--lines=\(lines)") }
        if let output { options.append("--output=\(output)") }
        if catalog { options.append("--catalog") }
        if noPager { options.append("--no-pager") }
        if let post { options.append("POST_ID=\(post)") }
        if let channel { options.append("CHANNEL=\(channel)") }
        return options
    }
}

/// Which journal files hold pacer.service's entries, and the journalctl arguments that reach them.
enum JournalScope: String, CaseIterable, Sendable {
    /// The user's own journal (`journalctl --user -u pacer.service`): persistent storage, a
    /// regular (non-system) user.
    case user
    /// Every journal file the caller may read, matched on the user unit and the caller's uid
    /// (`journalctl --user-unit=pacer.service`): runtime storage, root, or a user in the
    /// systemd-journal group.
    case userUnit = "user-unit"

    /// The unit whose entries are pacerd's.
    static let unit = "pacer.service"

    var arguments: [String] {
        switch self {
        case .user: ["--user", "--unit=\(Self.unit)"]
        case .userUnit: ["--user-unit=\(Self.unit)"]
        }
    }

    /// The first scope, in declaration order, that reaches at least one entry of pacer.service;
    /// `nil` when neither does (never started, journal vacuumed, or not readable by this user).
    static func detect() -> JournalScope? {
        guard let journalctl = Subprocess.find("journalctl") else { return nil }
        return allCases.first { scope in
            let probe = Subprocess.run(journalctl, scope.arguments + ["--lines=1", "--quiet", "--no-pager", "--output=cat"], errors: .discard)
            return probe.status == 0 && !probe.output.isEmpty
        }
    }
}

/// Running the system tools pacer drives (journalctl, systemctl, timedatectl, pacerd).
enum Subprocess {
    /// What to do with a program's standard error.
    enum Errors {
        /// Interleaved with standard output in `Result.output`.
        case merge
        /// Dropped.
        case discard
    }

    /// A finished program: its exit status (or 128 + signal) and what it printed.
    struct Result: Sendable {
        var status: Int32
        var output: String

        /// The output without surrounding white space.
        var trimmed: String { output.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The executable `name` on `PATH`; a name with a slash is taken as a path.
    static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").lazy
            .map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` with `arguments` and standard input from /dev/null, and waits for it.
    /// A program that cannot be started yields status 127 and the reason as its output.
    static func run(_ executable: String, _ arguments: [String], errors: Errors = .merge) -> Result {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = errors == .merge ? pipe : FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Result(status: 127, output: "cannot run \(executable): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// Replaces this process with `executable` (so that signals, the terminal and the exit status
    /// are the program's own). Returns `errno` only when that fails.
    static func replaceProcess(with executable: String, arguments: [String]) -> Int32 {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        execv(executable, argv)
        let error = errno
        argv.forEach { free($0) }
        return error
    }

    /// `text` as one word for a POSIX shell.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_=./:@%+,".unicodeScalars.contains($0))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
