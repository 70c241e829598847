import Foundation

/// An error reply's body.
public struct ErrorReply: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// A reply: `{"v": 1, "ok": true, "result": …}` or `{"v": 1, "ok": false, "error": {"code", "message"}}`.
public enum Response: Sendable, Equatable {
    case post(PostView)
    case posts([PostView])
    case status(StatusView)
    case storeCheck(StoreCheckView)
    case channels([ChannelView])
    case plan([PlanEntryView])
    case history([AttemptView])
    case postFile(PostFileView)
    case error(ErrorReply)
}

extension Response: Encodable {
    private enum CodingKeys: String, CodingKey { case v, ok, result, error }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(controlProtocolVersion, forKey: .v)
        switch self {
        case let .post(post): try container.encode(true, forKey: .ok); try container.encode(post, forKey: .result)
        case let .posts(posts): try container.encode(true, forKey: .ok); try container.encode(posts, forKey: .result)
        case let .status(status): try container.encode(true, forKey: .ok); try container.encode(status, forKey: .result)
        case let .storeCheck(check): try container.encode(true, forKey: .ok); try container.encode(check, forKey: .result)
        case let .channels(channels): try container.encode(true, forKey: .ok); try container.encode(channels, forKey: .result)
        case let .plan(entries): try container.encode(true, forKey: .ok); try container.encode(entries, forKey: .result)
        case let .history(attempts): try container.encode(true, forKey: .ok); try container.encode(attempts, forKey: .result)
        case let .postFile(file): try container.encode(true, forKey: .ok); try container.encode(file, forKey: .result)
        case let .error(error): try container.encode(false, forKey: .ok); try container.encode(error, forKey: .error)
        }
    }
}

/// A reply as the CLI reads it: the result is decoded as the type the request expects.
public struct Reply<Result: Decodable & Sendable>: Decodable, Sendable {
    public var v: Int
    public var ok: Bool
    public var result: Result?
    public var error: ErrorReply?

    /// The result, or the daemon's error.
    public func get() throws(ErrorReply) -> Result {
        if ok, let result { return result }
        throw error ?? ErrorReply(code: .internalError, message: "pacerd sent a reply without a result")
    }
}
