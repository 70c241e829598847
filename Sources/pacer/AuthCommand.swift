import ArgumentParser
import Foundation
import PacerCore
#if canImport(Glibc)
import Glibc
#endif

/// `pacer auth CHANNEL`: get a platform credential and store it where the channel's `credential`
/// points. pacer hands the work to `pacerd auth` (it execs it): pacerd has the configuration's
/// parser and an HTTPS client, which pacer does not link so that every other command starts fast.
struct Auth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Sign in to a channel's platform and store its credential.",
        discussion: """
            Reads CHANNEL from the configuration file (pacerd need not run) and signs in
            the way its kind does:
              mastodon   registers Pacer as an app on base_url, then a browser sign-in
                         (scopes write:statuses write:media read:accounts read:statuses)
              x          a browser sign-in (OAuth 2.0 with PKCE) for the app whose
                         client_id the channel names (client_secret_credential for a
                         confidential client)
              linkedin   the same; LinkedIn needs client_secret_credential
              bluesky    an app password for identifier, read without echo from the
                         terminal, or one line from stdin when it is not a terminal

            A browser sign-in prints a URL and waits for the browser to come back to a
            one-shot listener on 127.0.0.1 (any free port; --port fixes it, for
            platforms that compare the redirect URI exactly: register
            http://127.0.0.1:PORT/callback with the app). xdg-open shows the URL
            when $DISPLAY or $WAYLAND_DISPLAY is set, unless --no-browser.

            The result is checked with a call to the platform (who am I), then stored
            in ~/.config/pacer/credentials/NAME ($XDG_CONFIG_HOME), mode 0600, for
            credential = "NAME". An existing file is kept unless --force. Nothing is
            stored when anything fails or Ctrl-C stops it.

            Exit status: 0 signed in and stored; 65 the channel or a setting it needs
            is missing or invalid (the message names the key); 67 the credential
            exists (--force replaces it); 70 the platform's answer was unusable or
            the file could not be written; 75 no answer in time (the browser or the
            platform), try again; 77 access denied, a redirect that is not this
            sign-in's, or the platform refused the code, token or app password.
            """)

    @Argument(help: ArgumentHelp("The channel to sign in for, as named in the configuration.", valueName: "channel"))
    var channel: String

    @Option(name: .long, help: ArgumentHelp("The configuration file (default: the one pacerd reads).", valueName: "file"),
            completion: .file(extensions: ["toml"]))
    var config: String?

    @Flag(name: .long, help: "Replace the channel's existing credential file.")
    var force = false

    @Flag(name: .customLong("no-browser"), help: "Only print the sign-in URL; do not start xdg-open.")
    var noBrowser = false

    @Option(name: .long, help: ArgumentHelp("How long to wait for the browser, e.g. 10m or 90s.", valueName: "span"))
    var timeout = "5m"

    @Option(name: .long, help: ArgumentHelp("The loopback port of the redirect URI (default: any free port).", valueName: "port"))
    var port: Int?

    func validate() throws {
        guard let span = try? TimeSpan.parse(timeout), span.microseconds >= 1_000_000, span.microseconds <= 86_400_000_000 else {
            throw ValidationError("--timeout \"\(timeout)\" must be a span from 1s to 1d, e.g. 5m or 90s")
        }
        if let port, !(1...65535).contains(port) {
            throw ValidationError("--port \(port) must be from 1 to 65535 (leave it out for any free port)")
        }
    }

    func run() throws {
        guard let path = config ?? Self.defaultConfigFile(ProcessInfo.processInfo.environment) else {
            Output.error("HOME is not set to an absolute path; set HOME (or XDG_CONFIG_HOME), or name the file with --config")
            throw ExitCode(CLIExit.usage)
        }
        guard let pacerd = PacerdProcess.executable() else {
            Output.error("pacerd is not installed beside pacer or on PATH; run make install")
            throw ExitCode(CLIExit.usage)
        }
        let seconds = (try? TimeSpan.parse(timeout)).map { Int($0.microseconds / 1_000_000) } ?? 300
        var arguments = ["pacerd", "auth", channel, "--config", path, "--timeout-seconds", String(seconds)]
        if let port { arguments += ["--port", String(port)] }
        if force { arguments.append("--force") }
        if noBrowser { arguments.append("--no-browser") }
        // The same process goes on as pacerd: the terminal, Ctrl-C and the exit status are the person's.
        let argv = arguments.map { strdup($0) } + [nil]
        execv(pacerd, argv)
        Output.error("cannot run \(pacerd): \(String(cString: strerror(errno)))")
        throw ExitCode(CLIExit.usage)
    }

    /// The file pacerd reads, `$XDG_CONFIG_HOME/pacer/config.toml`, as ``PacerPaths`` has it but
    /// without the runtime directory: signing in needs no session, only the configuration.
    static func defaultConfigFile(_ environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/pacer/config.toml" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.config/pacer/config.toml" }
        return nil
    }
}
