import Logging
import PacerCore

/// Writes daemon events through swift-log with the fields the journal indexes:
/// `EVENT`, `MESSAGE_ID`, and where they apply `POST_ID`, `DELIVERY_ID`, `CHANNEL`, `ATTEMPT`.
public struct EventLog: Sendable {
    public let logger: Logger
    /// Where the entries go, `journal` or `stderr`, as pacerd chose at start (`pacer status` and
    /// `pacer doctor` report it); nil where nobody chose (tests).
    public let destination: String?

    public init(logger: Logger, destination: String? = nil) {
        self.logger = logger
        self.destination = destination
    }

    /// Records one event. Field names are lower-case here; the journal handler upper-cases them.
    public func record(
        _ event: DaemonEvent,
        _ message: @autoclosure () -> String,
        level: Logger.Level = .info,
        post: PostID? = nil,
        delivery: DeliveryID? = nil,
        channel: String? = nil,
        fields: [String: String] = [:],
        file: String = #fileID, function: String = #function, line: UInt = #line
    ) {
        var metadata: Logger.Metadata = ["event": .string(event.rawValue), "message_id": .string(event.messageID)]
        if let post { metadata["post_id"] = .string(String(post)) }
        if let delivery { metadata["delivery_id"] = .string(String(delivery)) }
        if let channel { metadata["channel"] = .string(channel) }
        for (key, value) in fields { metadata[key] = .string(value) }
        logger.log(level: level, "\(message())", metadata: metadata, file: file, function: function, line: line)
    }
}
