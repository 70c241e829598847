import PacerCore

/// How `pacer auth` was asked to sign in.
public struct AuthOptions: Sendable {
    /// Replace an existing credential file (`--force`).
    public var force: Bool
    /// Start `xdg-open` on the URL when there is a display (not `--no-browser`).
    public var openBrowser: Bool
    /// How long to wait for the browser's redirect (`--timeout`).
    public var timeout: TimeSpan
    /// The loopback port of the redirect URI, 0 for any free one (`--port`).
    public var port: UInt16
    /// The command as the person would type it again, for messages: `pacer auth CHANNEL`.
    public var command: String

    public init(force: Bool, openBrowser: Bool, timeout: TimeSpan, port: UInt16, command: String) {
        self.force = force
        self.openBrowser = openBrowser
        self.timeout = timeout
        self.port = port
        self.command = command
    }

    /// When waiting for the browser ends, from now.
    var deadline: ContinuousClock.Instant { .now + .microseconds(timeout.microseconds) }
}
