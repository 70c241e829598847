/// Why pacerd refuses to start. The message says what is wrong and how to fix it; the process
/// exits with `exitCode` (documented in the README).
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The process exit status: 78 (EX_CONFIG) for configuration, 75 (EX_TEMPFAIL) for another
    /// instance, 73 (EX_CANTCREAT) for files, 70 (EX_SOFTWARE) otherwise.
    public let exitCode: Int32

    private init(_ description: String, exitCode: Int32) {
        self.description = description
        self.exitCode = exitCode
    }

    static func config(_ error: ConfigError) -> StartupError {
        StartupError("invalid configuration: \(error)", exitCode: 78)
    }

    static func environment(_ detail: String) -> StartupError {
        StartupError(detail, exitCode: 78)
    }

    static func alreadyRunning(_ detail: String) -> StartupError {
        StartupError(detail, exitCode: 75)
    }

    static func files(_ detail: String) -> StartupError {
        StartupError(detail, exitCode: 73)
    }

    static func store(_ detail: String) -> StartupError {
        StartupError(detail, exitCode: 70)
    }
}
