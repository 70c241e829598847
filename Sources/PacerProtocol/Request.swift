import PacerCore

/// The protocol version this build speaks. Every request carries it; a daemon answers a
/// request of another version with `unsupported_version` and changes nothing.
public let controlProtocolVersion = 1

/// A request to the daemon: one JSON object on one line, `{"v": 1, "op": "add", "params": {…}}`.
public enum Request: Sendable, Equatable {
    case add(AddParameters)
    case list
    case show(PostID)
    case cancel(PostID)
    case status

    /// The operation's name on the wire.
    public var operation: String {
        switch self {
        case .add: "add"
        case .list: "list"
        case .show: "show"
        case .cancel: "cancel"
        case .status: "status"
        }
    }
}

/// What `pacer add` sends.
public struct AddParameters: Codable, Sendable, Equatable {
    public var text: String
    /// The channels to publish on; `nil` means the channels marked `default = true`.
    public var channels: [String]?
    /// "Not before", in any syntax `When.resolve` accepts; resolved by the daemon in its time zone.
    public var at: String?
    public var title: String?
    public var tags: [String]?

    public init(text: String, channels: [String]? = nil, at: String? = nil, title: String? = nil, tags: [String]? = nil) {
        self.text = text
        self.channels = channels
        self.at = at
        self.title = title
        self.tags = tags
    }
}

/// The parameters of requests that name one post.
struct PostReference: Codable {
    var id: PostID
}

extension Request: Codable {
    private enum CodingKeys: String, CodingKey { case v, op, params }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .v)
        guard version == controlProtocolVersion else { throw ProtocolError.unsupportedVersion(version) }
        let operation = try container.decode(String.self, forKey: .op)
        switch operation {
        case "add": self = .add(try container.decode(AddParameters.self, forKey: .params))
        case "list": self = .list
        case "show": self = .show(try container.decode(PostReference.self, forKey: .params).id)
        case "cancel": self = .cancel(try container.decode(PostReference.self, forKey: .params).id)
        case "status": self = .status
        default: throw ProtocolError.unknownOperation(operation)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(controlProtocolVersion, forKey: .v)
        try container.encode(operation, forKey: .op)
        switch self {
        case let .add(parameters): try container.encode(parameters, forKey: .params)
        case let .show(id), let .cancel(id): try container.encode(PostReference(id: id), forKey: .params)
        case .list, .status: break
        }
    }
}
