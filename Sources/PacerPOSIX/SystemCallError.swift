#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: what was attempted, on what, and `errno`.
public struct SystemCallError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The call, such as `open` or `connect`.
    public let operation: String
    /// The path or other subject of the call.
    public let subject: String
    /// `errno` after the call.
    public let code: Int32

    public init(operation: String, subject: String, code: Int32) {
        self.operation = operation
        self.subject = subject
        self.code = code
    }

    public var description: String { "\(operation) \(subject): \(String(cString: strerror(code)))" }
}

/// Runs a system call, retrying it while it fails with `EINTR`; any other failure throws with `errno`.
/// Every system call Pacer makes goes through here.
@discardableResult
public func systemCall<Result: BinaryInteger>(_ operation: String, _ subject: String, _ call: () -> Result) throws(SystemCallError) -> Result {
    while true {
        let result = call()
        if result >= 0 { return result }
        let code = errno
        if code != EINTR { throw SystemCallError(operation: operation, subject: subject, code: code) }
    }
}
