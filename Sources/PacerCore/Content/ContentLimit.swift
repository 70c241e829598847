/// A post that is longer than its channel allows.
public struct LengthFinding: Sendable, Hashable {
    /// The platform whose counting was used; nil for a kind without its own (graphemes are counted).
    public var platform: TextPlatform?
    /// The length as the platform counts it.
    public var count: Int
    /// The limit it exceeds.
    public var limit: Int
    /// `312/280 weighted characters on x; shorten it by 32`.
    public var message: String
}

/// The length rule of a channel: the text must fit the platform's limit, or the channel's
/// `max_length`.
public enum ContentLimit {
    /// A finding when `text` is longer than `maxLength` (default: the platform's own limit) as
    /// the platform of `kind` counts it; nil when it fits, or when `kind` is not a text platform
    /// (`outbox`, `command`, `webhook`) and no `maxLength` is set — such channels count graphemes.
    /// `channel` names the channel in the message (default: `kind`).
    public static func check(_ text: String, kind: String, maxLength: Int? = nil, channel: String? = nil) -> LengthFinding? {
        let platform = TextPlatform(rawValue: kind)
        guard let limit = maxLength ?? platform?.defaultLimit else { return nil }
        let count = platform.map { PlatformText.length(of: text, on: $0) } ?? text.count
        guard count > limit else { return nil }
        let unit = platform?.unit ?? "characters"
        return LengthFinding(
            platform: platform, count: count, limit: limit,
            message: "\(count)/\(limit) \(unit) on \(channel ?? kind); shorten it by \(count - limit)")
    }
}
