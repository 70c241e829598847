import Glibc

/// A failed system or libsystemd call: which call, and the `errno` it failed with.
public struct SystemdError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the C function that failed, e.g. `"sd_notify"`.
    public let call: String
    /// The `errno` value the call failed with (always positive).
    public let errno: Int32

    /// Creates an error for `call` failing with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `"sd_notify: Connection refused (errno 111)"`.
    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// How a C function reports failure.
enum FailureConvention {
    /// POSIX: a negative result (-1), with the cause in `errno`.
    case errnoVariable
    /// libsystemd: the negated error code as the result (`-ECONNREFUSED`).
    case negatedResult
}

/// Calls a C function, retrying while it fails with `EINTR`, and turns any other failure into a
/// ``SystemdError``. Every C call of this module goes through here.
///
/// - Parameters:
///   - name: the C function's name, carried in the error.
///   - convention: how the function reports failure; POSIX style unless given.
///   - body: the call itself; it is run again after `EINTR`.
/// - Returns: the call's non-negative result.
@discardableResult
func systemCall<Result: SignedInteger & FixedWidthInteger>(
    _ name: String,
    failure convention: FailureConvention = .errnoVariable,
    _ body: () -> Result
) throws(SystemdError) -> Result {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code: Int32 = switch convention {
        case .errnoVariable: errno
        case .negatedResult: Int32(truncatingIfNeeded: -result)
        }
        if code != EINTR { throw SystemdError(call: name, errno: code) }
    }
}
