/// Why `pacer auth` stopped: a message that names the input and the fix, and pacer's exit status
/// for it (the numbers of `CLIExit` in Sources/pacer, which `pacer --help` documents).
public struct AuthFailure: Error, CustomStringConvertible, Sendable {
    /// 65: the channel or one of its settings cannot be used to sign in.
    public static let invalidInput: Int32 = 65
    /// 67: the credential file exists and `--force` was not given.
    public static let refused: Int32 = 67
    /// 70: the platform answered something `pacer auth` cannot use, or a file could not be written.
    public static let failed: Int32 = 70
    /// 75: no answer in time (the browser or the platform); trying again may work.
    public static let temporaryFailure: Int32 = 75
    /// 77: access was denied, the redirect was not this sign-in's, or the platform refused.
    public static let permissionDenied: Int32 = 77

    public let status: Int32
    public let description: String

    init(_ status: Int32, _ description: String) {
        self.status = status
        self.description = description
    }
}
