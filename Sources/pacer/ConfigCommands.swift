import ArgumentParser
import Foundation
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// `pacer config …`.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the configuration file.",
        subcommands: [Check.self])

    /// `pacer config check [FILE]`: validate without touching the running daemon.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file.",
            discussion: """
                Checks FILE (default: the file pacerd reads, $XDG_CONFIG_HOME/pacer/config.toml) as pacerd
                would, without the daemon: errors name the file, line and column. Exit 0 when valid,
                65 when not. Apply a valid file with: systemctl --user reload pacer
                """)

        @Argument(help: "The file to check.")
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

/// Runs the `pacerd` installed beside this `pacer` (or on PATH) and returns its exit status.
enum PacerdProcess {
    static func run(_ arguments: [String]) throws -> Int32 {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let beside = here.appendingPathComponent("pacerd").path
        let executable = FileManager.default.isExecutableFile(atPath: beside) ? beside : "/usr/bin/env"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = executable == beside ? arguments : ["pacerd"] + arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
