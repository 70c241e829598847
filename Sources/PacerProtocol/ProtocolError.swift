/// A request the daemon cannot even start to carry out: it is answered with an error and changes nothing.
public struct ProtocolError: Error, CustomStringConvertible, Sendable, Equatable {
    public let code: ErrorCode
    public let description: String

    private init(_ code: ErrorCode, _ description: String) {
        self.code = code
        self.description = description
    }

    public static func unsupportedVersion(_ version: Int) -> ProtocolError {
        ProtocolError(.unsupportedVersion, "protocol version \(version) is not supported; this pacerd speaks version \(controlProtocolVersion): install matching pacer and pacerd")
    }

    public static func unknownOperation(_ operation: String) -> ProtocolError {
        ProtocolError(.invalidRequest, "unknown operation \"\(operation)\"")
    }

    public static func malformed(_ detail: String) -> ProtocolError {
        ProtocolError(.invalidRequest, "malformed request: \(detail)")
    }

    public static func tooLarge(limit: Int) -> ProtocolError {
        ProtocolError(.tooLarge, "request larger than \(limit) bytes")
    }
}
