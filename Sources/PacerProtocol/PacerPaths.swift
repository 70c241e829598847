/// Where Pacer keeps its files, from the XDG base-directory variables (which is also how tests
/// isolate themselves): config, state (SQLite), data (outbox) and runtime (control socket).
public struct PacerPaths: Sendable, Equatable {
    /// `$XDG_CONFIG_HOME/pacer`.
    public var configDirectory: String
    /// `$STATE_DIRECTORY` when systemd sets it, else `$XDG_STATE_HOME/pacer`.
    public var stateDirectory: String
    /// `$XDG_DATA_HOME/pacer`.
    public var dataDirectory: String
    /// `$XDG_RUNTIME_DIR/pacer`, mode 0700.
    public var runtimeDirectory: String

    public var configFile: String { configDirectory + "/config.toml" }
    public var database: String { stateDirectory + "/pacer.sqlite" }
    public var lockFile: String { stateDirectory + "/pacerd.lock" }
    public var controlSocket: String { runtimeDirectory + "/control.sock" }
    public var defaultOutbox: String { dataDirectory + "/outbox" }

    public init(configDirectory: String, stateDirectory: String, dataDirectory: String, runtimeDirectory: String) {
        self.configDirectory = configDirectory
        self.stateDirectory = stateDirectory
        self.dataDirectory = dataDirectory
        self.runtimeDirectory = runtimeDirectory
    }

    /// The paths for `environment`, or an error saying which variable is missing.
    public static func resolve(environment: [String: String], userID: UInt32) throws(PathsError) -> PacerPaths {
        func nonEmpty(_ name: String) -> String? {
            guard let value = environment[name], value.hasPrefix("/") else { return nil }
            return value
        }
        guard let home = nonEmpty("HOME") else { throw PathsError.noHome }
        let runtime: String
        if let value = nonEmpty("XDG_RUNTIME_DIR") {
            runtime = value
        } else {
            throw PathsError.noRuntimeDirectory(suggested: "/run/user/\(userID)")
        }
        return PacerPaths(
            configDirectory: (nonEmpty("XDG_CONFIG_HOME") ?? home + "/.config") + "/pacer",
            stateDirectory: nonEmpty("STATE_DIRECTORY") ?? ((nonEmpty("XDG_STATE_HOME") ?? home + "/.local/state") + "/pacer"),
            dataDirectory: (nonEmpty("XDG_DATA_HOME") ?? home + "/.local/share") + "/pacer",
            runtimeDirectory: runtime + "/pacer")
    }

}

/// Why the paths cannot be worked out.
public struct PathsError: Error, CustomStringConvertible, Sendable {
    public let description: String

    static let noHome = PathsError(description: "HOME is not set to an absolute path; set HOME (or the XDG_*_HOME variables)")

    static func noRuntimeDirectory(suggested: String) -> PathsError {
        PathsError(description: "XDG_RUNTIME_DIR is not set; a systemd user session sets it (usually \(suggested)); export XDG_RUNTIME_DIR=\(suggested) or start a login session")
    }
}
