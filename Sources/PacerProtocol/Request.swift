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
    /// Runs `PRAGMA integrity_check` on the store (`pacer doctor`).
    case checkStore
    /// Holds a post's queued deliveries until released.
    case hold(PostID)
    /// Releases a post's held deliveries.
    case release(PostID)
    /// Pauses one channel, or the whole queue when `nil`.
    case pause(String?)
    /// Resumes one channel, or the whole queue when `nil`.
    case resume(String?)
    /// Every channel's rules, budgets and pause state.
    case channels
    /// The planned timeline.
    case plan(PlanParameters)
    /// A person's word on an `unknown` delivery.
    case confirm(ConfirmParameters)
    /// Queues a post's failed deliveries again.
    case retry(PostID)
    /// The attempts ledger.
    case history(HistoryParameters)
    /// A post as a post file to edit (`pacer edit`), or a new post's template when the id is `nil`.
    case postFile(PostID?)
    /// Replaces a post with an edited post file.
    case edit(EditParameters)
    /// Moves a post in the queue.
    case move(MoveParameters)
    /// The posts kept as drafts.
    case drafts

    /// The operation's name on the wire.
    public var operation: String {
        switch self {
        case .add: "add"
        case .list: "list"
        case .show: "show"
        case .cancel: "cancel"
        case .status: "status"
        case .checkStore: "check_store"
        case .hold: "hold"
        case .release: "release"
        case .pause: "pause"
        case .resume: "resume"
        case .channels: "channels"
        case .plan: "plan"
        case .confirm: "confirm"
        case .retry: "retry"
        case .history: "history"
        case .postFile: "post_file"
        case .edit: "edit"
        case .move: "move"
        case .drafts: "drafts"
        }
    }
}

/// What `pacer add` sends. Fields given here win over the same fields of `source`.
public struct AddParameters: Codable, Sendable, Equatable {
    /// The post's text; `nil` when it comes from `source`.
    public var text: String?
    /// A post file: Markdown with an optional `+++` TOML front matter (`docs/post-files.md`).
    public var source: String?
    /// The channels to publish on; `nil` means the channels marked `default = true`.
    public var channels: [String]?
    /// "Not before", in any syntax `When.resolve` accepts; resolved by the daemon in its time zone.
    public var at: String?
    public var title: String?
    public var tags: [String]?
    /// Refuse instead of planning later when `at` (or "now") cannot be honoured exactly.
    public var strict: Bool?
    /// Queue it even when it is a near-duplicate of a recent post.
    public var allowDuplicate: Bool?
    /// Keep it as a draft: stored, never planned, until `pacer edit` sets `draft = false`.
    public var draft: Bool?
    /// Check everything and answer what would be queued, but store nothing (`pacer import --dry-run`).
    public var dryRun: Bool?
    /// Images to attach, in order (`--image PATH --alt TEXT`); they come after the post file's.
    public var images: [ImageParameter]?
    /// Publish the images that have no alt text without it (`--no-alt-text`): the choice stated.
    public var noAltText: Bool?
    /// The absolute directory the post file's relative image paths are relative to (the file's own,
    /// or the working directory for standard input and `--edit`).
    public var baseDirectory: String?

    public init(
        text: String? = nil, source: String? = nil, channels: [String]? = nil, at: String? = nil, title: String? = nil,
        tags: [String]? = nil, strict: Bool? = nil, allowDuplicate: Bool? = nil, draft: Bool? = nil, dryRun: Bool? = nil,
        images: [ImageParameter]? = nil, noAltText: Bool? = nil, baseDirectory: String? = nil
    ) {
        self.images = images
        self.noAltText = noAltText
        self.baseDirectory = baseDirectory
        self.text = text
        self.source = source
        self.channels = channels
        self.at = at
        self.title = title
        self.tags = tags
        self.strict = strict
        self.allowDuplicate = allowDuplicate
        self.draft = draft
        self.dryRun = dryRun
    }

    private enum CodingKeys: String, CodingKey {
        case text, source, channels, at, title, tags, strict, allowDuplicate = "allow_duplicate", draft, dryRun = "dry_run", images,
            noAltText = "no_alt_text", baseDirectory = "base_directory"
    }
}

/// An image `pacer add --image` attaches: pacerd reads the file (an absolute path), removes its
/// location and device metadata and keeps its own copy.
public struct ImageParameter: Codable, Sendable, Equatable {
    public var path: String
    public var alt: String?

    public init(path: String, alt: String?) {
        self.path = path
        self.alt = alt
    }
}

/// What `pacer edit` sends: the whole post again, as an edited post file.
public struct EditParameters: Codable, Sendable, Equatable {
    public var id: PostID
    /// The post file (`docs/post-files.md`).
    public var source: String
    /// Keep it even when it is a near-duplicate of a recent post.
    public var allowDuplicate: Bool?
    /// The absolute directory relative image paths in the file are relative to (the working directory).
    public var baseDirectory: String?

    public init(id: PostID, source: String, allowDuplicate: Bool? = nil, baseDirectory: String? = nil) {
        self.id = id
        self.source = source
        self.allowDuplicate = allowDuplicate
        self.baseDirectory = baseDirectory
    }

    private enum CodingKeys: String, CodingKey { case id, source, allowDuplicate = "allow_duplicate", baseDirectory = "base_directory" }
}

/// What `pacer move` sends: exactly one of `at` and `position`.
public struct MoveParameters: Codable, Sendable, Equatable {
    public enum Position: String, Codable, Sendable {
        /// Ahead of every waiting post ("share next").
        case first
        /// Behind every waiting post.
        case last
    }

    public var id: PostID
    /// Not before this instant, in any syntax `When.resolve` accepts.
    public var at: String?
    public var position: Position?

    public init(id: PostID, at: String? = nil, position: Position? = nil) {
        self.id = id
        self.at = at
        self.position = position
    }
}

/// What `pacer plan` asks for.
public struct PlanParameters: Codable, Sendable, Equatable {
    /// Only deliveries planned within this many days from now; `nil` for all.
    public var days: Int?
    /// Only this channel; `nil` for all.
    public var channel: String?

    public init(days: Int? = nil, channel: String? = nil) {
        self.days = days
        self.channel = channel
    }
}

/// What `pacer confirm` sends.
public struct ConfirmParameters: Codable, Sendable, Equatable {
    public var id: PostID
    /// Only the delivery on this channel; `nil` for every unknown delivery of the post.
    public var channel: String?
    /// Whether it went out.
    public var published: Bool
    /// Where it went out, when it did.
    public var url: String?

    public init(id: PostID, channel: String? = nil, published: Bool, url: String? = nil) {
        self.id = id
        self.channel = channel
        self.published = published
        self.url = url
    }
}

/// What `pacer history` asks for.
public struct HistoryParameters: Codable, Sendable, Equatable {
    /// Only attempts since this instant, in any syntax `When.resolve` accepts (`-7d`, `2026-12-01`).
    public var since: String?
    public var channel: String?

    public init(since: String? = nil, channel: String? = nil) {
        self.since = since
        self.channel = channel
    }
}

/// The parameters of requests that may name one channel (`null`: the whole queue).
struct ChannelReference: Codable {
    var channel: String?

    init(channel: String?) { self.channel = channel }

    private enum CodingKeys: String, CodingKey { case channel }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Refuses parameters it does not know: `pause` with a misspelt `channel` key must not pause the
    /// whole queue.
    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let stray = keys.first(where: { $0 != "channel" }) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown parameter \"\(stray)\"; only \"channel\" is allowed"))
        }
        channel = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .channel)
    }
}

/// The parameters of requests that name one post.
struct PostReference: Codable {
    var id: PostID
}

/// The parameters of requests that may name one post (`null`: none).
struct OptionalPostReference: Codable {
    var id: PostID?
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
        case "check_store": self = .checkStore
        case "hold": self = .hold(try container.decode(PostReference.self, forKey: .params).id)
        case "release": self = .release(try container.decode(PostReference.self, forKey: .params).id)
        case "pause": self = .pause(try container.decodeIfPresent(ChannelReference.self, forKey: .params)?.channel)
        case "resume": self = .resume(try container.decodeIfPresent(ChannelReference.self, forKey: .params)?.channel)
        case "channels": self = .channels
        case "plan": self = .plan(try container.decodeIfPresent(PlanParameters.self, forKey: .params) ?? PlanParameters())
        case "confirm": self = .confirm(try container.decode(ConfirmParameters.self, forKey: .params))
        case "retry": self = .retry(try container.decode(PostReference.self, forKey: .params).id)
        case "history": self = .history(try container.decodeIfPresent(HistoryParameters.self, forKey: .params) ?? HistoryParameters())
        case "post_file": self = .postFile(try container.decodeIfPresent(OptionalPostReference.self, forKey: .params)?.id)
        case "edit": self = .edit(try container.decode(EditParameters.self, forKey: .params))
        case "move": self = .move(try container.decode(MoveParameters.self, forKey: .params))
        case "drafts": self = .drafts
        default: throw ProtocolError.unknownOperation(operation)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(controlProtocolVersion, forKey: .v)
        try container.encode(operation, forKey: .op)
        switch self {
        case let .add(parameters): try container.encode(parameters, forKey: .params)
        case let .show(id), let .cancel(id), let .hold(id), let .release(id), let .retry(id):
            try container.encode(PostReference(id: id), forKey: .params)
        case let .confirm(parameters): try container.encode(parameters, forKey: .params)
        case let .history(parameters): try container.encode(parameters, forKey: .params)
        case let .pause(channel), let .resume(channel): try container.encode(ChannelReference(channel: channel), forKey: .params)
        case let .plan(parameters): try container.encode(parameters, forKey: .params)
        case let .postFile(id): try container.encode(OptionalPostReference(id: id), forKey: .params)
        case let .edit(parameters): try container.encode(parameters, forKey: .params)
        case let .move(parameters): try container.encode(parameters, forKey: .params)
        case .list, .status, .checkStore, .channels, .drafts: break
        }
    }
}
