import PacerCore

/// `kind = "command"`: run a program (never a shell) with the text on stdin.
public struct CommandSettings: Sendable, Hashable {
    /// The program and its arguments; `argv[0]` is a path, or a name looked up in `PATH`.
    public let argv: [String]
    /// How long the program may run before its process group is killed (`timeout`, default 30s, at most 1min).
    public let timeout: TimeSpan

    public init(argv: [String], timeout: TimeSpan = TimeSpan(seconds: 30)) throws(ChannelSettingsError) {
        guard let program = argv.first, !program.isEmpty else {
            throw ChannelSettingsError(key: "command", "must name a program, e.g. [\"/usr/bin/toot\", \"post\"]")
        }
        guard argv.allSatisfy({ !$0.utf8.contains(0) }) else {
            throw ChannelSettingsError(key: "command", "arguments must not contain NUL bytes")
        }
        self.argv = argv
        self.timeout = try SettingsValidation.timeout(timeout)
    }
}
