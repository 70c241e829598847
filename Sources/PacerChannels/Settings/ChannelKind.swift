/// The kinds of channel (`kind` in `[[channel]]`).
public enum ChannelKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case outbox, command, webhook, mastodon, bluesky, linkedin, x

    /// The platform's own length limit, the default of a channel's `max_length`; nil where there
    /// is none (outbox, command, webhook). Mastodon's is the instance's when it can be asked.
    public var defaultMaxLength: Int? {
        switch self {
        case .outbox, .command, .webhook: nil
        case .mastodon: 500
        case .bluesky: 300
        case .linkedin: 3000
        case .x: 280
        }
    }

    public var description: String { rawValue }
}
