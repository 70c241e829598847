import ArgumentParser
import Foundation
import PacerAuth
import PacerCore
import PacerDaemon

/// `pacerd auth`: the sign-in `pacer auth` hands over to (it execs this), because pacerd has the
/// configuration's parser and an HTTPS client, which pacer leaves out to start fast. Not for
/// people: pacer(1) documents the options.
struct AuthSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth", abstract: "Sign in to a channel's platform (run by pacer auth).", shouldDisplay: false)

    @Argument var channel: String
    @Option var config: String
    @Option var timeoutSeconds: Int
    @Option var port: Int = 0
    @Flag var force = false
    @Flag var noBrowser = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let outbox = (environment["XDG_DATA_HOME"] ?? (environment["HOME"] ?? "~") + "/.local/share") + "/pacer/outbox"
        let loaded: DaemonConfig
        do {
            loaded = try ConfigLoader(systemTimeZone: .current, defaultOutbox: outbox).load(path: config)
        } catch {
            FileHandle.standardError.write(Data("pacer: \(error.description)\nFix the file, then run pacer auth again (pacer config check shows every error).\n".utf8))
            throw ExitCode(65)
        }
        guard let found = loaded.channel(named: channel) else {
            let names = loaded.channels.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("pacer: no channel named \"\(channel)\" in \(config); its channels: \(names.isEmpty ? "none" : names)\n".utf8))
            throw ExitCode(65)
        }
        let options = AuthOptions(
            force: force, openBrowser: !noBrowser, timeout: TimeSpan(seconds: Double(timeoutSeconds)), port: UInt16(clamping: port),
            command: "pacer auth \(channel)")
        let status = ChannelAuthorization.run(channel: channel, settings: found.settings, options: options, environment: environment)
        if status != 0 { throw ExitCode(status) }
    }
}
