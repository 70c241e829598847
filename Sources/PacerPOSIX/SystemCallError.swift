#if canImport(Glibc)
import Glibc
#endif

/// A failed system or libsystemd call: what was attempted, on what, and `errno`.
public struct SystemCallError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The call, such as `open`, `connect` or `sd_notify`.
    public let operation: String
    /// The path or other subject of the call; empty when the call has none worth naming.
    public let subject: String
    /// `errno` after the call (always positive).
    public let code: Int32

    public init(operation: String, subject: String = "", code: Int32) {
        self.operation = operation
        self.subject = subject
        self.code = code
    }

    /// `"open /path: Permission denied"`, or `"sd_notify: Connection refused"` without a subject.
    public var description: String {
        (subject.isEmpty ? operation : "\(operation) \(subject)") + ": " + String(cString: strerror(code))
    }
}

/// How a C function reports failure.
public enum FailureConvention: Sendable {
    /// POSIX: a negative result (-1), with the cause in `errno`.
    case errnoVariable
    /// libsystemd: the negated error code as the result (`-ECONNREFUSED`).
    case negatedResult
}

/// Runs a system or libsystemd call, retrying it while it fails with `EINTR`; any other failure
/// throws with its error code. Every C call Pacer makes that can fail goes through here.
@discardableResult
public func systemCall<Result: BinaryInteger>(
    _ operation: String, _ subject: String = "", failure convention: FailureConvention = .errnoVariable, _ call: () -> Result
) throws(SystemCallError) -> Result {
    while true {
        let result = call()
        if result >= 0 { return result }
        let code: Int32 = switch convention {
        case .errnoVariable: errno
        case .negatedResult: -Int32(truncatingIfNeeded: result)
        }
        if code != EINTR { throw SystemCallError(operation: operation, subject: subject, code: code) }
    }
}
