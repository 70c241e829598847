import ArgumentParser
import Foundation
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// `pacer config …`.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration file.",
        subcommands: [Check.self])

    /// `pacer config check [FILE]`: validate without touching the running daemon.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file.",
            discussion: """
                Checks FILE (default: the file pacerd reads,
                $XDG_CONFIG_HOME/pacer/config.toml) as pacerd would, without the daemon: errors
                name the file, line and column. It also refuses a channel whose slots and
                blackouts leave no instant in the next year (pacerd would plan nothing on it).
                Exit 0 when valid, 65 when not. Apply a valid file with:
                systemctl --user reload pacer
                """)

        @Argument(help: "The file to check.", completion: .file(extensions: ["toml"]))
        var file: String?

        func run() throws {
            let path: String
            if let file {
                path = file
            } else {
                do {
                    path = try PacerPaths.resolve(environment: ProcessInfo.processInfo.environment, userID: getuid()).configFile
                } catch {
                    Output.error(error.description)
                    throw ExitCode(CLIExit.usage)
                }
            }
            // pacerd owns the configuration's parser; the CLI stays small and asks it.
            let status = try PacerdProcess.run(["--check-config", path])
            if status != 0 { throw ExitCode(status == 78 ? CLIExit.invalidInput : status) }
        }
    }
}

/// The `pacerd` that belongs to this `pacer`.
enum PacerdProcess {
    /// The pacerd installed beside this pacer, else the one on PATH.
    static func executable(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let beside = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("pacerd").path
            if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        }
        return Subprocess.find("pacerd", environment: environment)
    }

    /// Runs pacerd with `arguments`, its output going to this process's, and returns its exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        guard let executable = executable() else {
            Output.error("pacerd is not installed beside pacer or on PATH; run make install")
            return CLIExit.usage
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
