import PacerCore

/// Why the store refused an operation. The message names the input and what to do next.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of refusal, stable for callers that map it to replies and exit codes.
    public enum Kind: String, Sendable {
        case notFound = "not_found"
        case conflict
        case invalidDatabase = "invalid_database"
    }

    public let kind: Kind
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    public static func noSuchPost(_ id: PostID) -> StoreError {
        StoreError(.notFound, "no post with id \(id); `pacer list` shows the queue")
    }

    static func noSuchDelivery(_ id: DeliveryID) -> StoreError {
        StoreError(.notFound, "no delivery with id \(id)")
    }

    static func nothingToCancel(_ id: PostID, states: [DeliveryState]) -> StoreError {
        let described = states.map(\.rawValue).joined(separator: ", ")
        return StoreError(.conflict, "post \(id) cannot be cancelled: its deliveries are \(described); only draft, queued or held deliveries can be")
    }

    static func nothingInState(_ id: PostID, wanted: DeliveryState, action: String, states: [DeliveryState]) -> StoreError {
        let described = states.map(\.rawValue).joined(separator: ", ")
        return StoreError(.conflict, "post \(id) has no \(wanted.rawValue) delivery to be \(action); its deliveries are \(described)")
    }

    static func notEditable(_ id: PostID, channel: String, state: DeliveryState, partly: Bool = false) -> StoreError {
        StoreError(
            .conflict,
            "post \(id) cannot be edited: its delivery on \(channel) is \(partly ? "partly " : "")\(state.rawValue), and what went out (or may have) is never rewritten; queue the new version with `pacer add` (and `pacer rm \(id)` for what still waits)")
    }

    public static func cancelledPost(_ id: PostID) -> StoreError {
        StoreError(.conflict, "post \(id) was cancelled and cannot be edited; queue it again with `pacer add` (`pacer show \(id)` shows its text)")
    }

    static func illegalTransition(_ id: DeliveryID, from: DeliveryState, to: DeliveryState) -> StoreError {
        StoreError(.conflict, "delivery \(id) is \(from.rawValue) and cannot become \(to.rawValue)")
    }

    static func foreignDatabase(_ path: String, applicationID: Int32) -> StoreError {
        StoreError(.invalidDatabase, "\(path) is not a Pacer database (application_id \(applicationID)); move it away or set XDG_STATE_HOME to another directory")
    }

    static func corruptDatabase(_ path: String, findings: [String]) -> StoreError {
        let lines = findings.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("***") }
        let shown = lines.prefix(2).joined(separator: "; ") + (lines.count > 2 ? "; …" : "")
        return StoreError(.invalidDatabase, "\(path) is damaged (SQLite quick_check: \(shown)); it was left as it is. Restore it from a backup, or move it away to start with an empty queue")
    }

    static func newerDatabase(_ path: String, unknown: [String]) -> StoreError {
        StoreError(.invalidDatabase, "\(path) was written by a newer pacerd (migrations \(unknown.joined(separator: ", "))); install that version again")
    }
}
