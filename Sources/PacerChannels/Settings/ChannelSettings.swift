/// One channel's validated settings, by kind.
public enum ChannelSettings: Sendable, Hashable {
    /// Files in a directory.
    case outbox(directory: String)
    case command(CommandSettings)
    case webhook(WebhookSettings)
    case mastodon(MastodonSettings)
    case bluesky(BlueskySettings)
    case linkedin(LinkedInSettings)
    case x(XSettings)

    /// The kind these settings are for.
    public var kind: ChannelKind {
        switch self {
        case .outbox: .outbox
        case .command: .command
        case .webhook: .webhook
        case .mastodon: .mastodon
        case .bluesky: .bluesky
        case .linkedin: .linkedin
        case .x: .x
        }
    }
}
