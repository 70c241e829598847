import PacerCore

/// `kind = "mastodon"`: `POST /api/v1/statuses` on an instance.
public struct MastodonSettings: Sendable, Hashable {
    /// Who may see a status (`visibility`).
    public enum Visibility: String, Sendable, Hashable, CaseIterable {
        case `public`, unlisted, `private`, direct
    }

    /// The instance (`base_url`, e.g. `https://mastodon.social`).
    public let baseURL: ServiceURL
    /// The credential holding the access token (`credential`; scopes `write:statuses`, `write:media` for images, and `read:accounts read:statuses` for finding a post whose answer was lost).
    public let credential: String
    /// `visibility`, default `public`.
    public let visibility: Visibility
    /// `language` (ISO 639), or the account's default when nil.
    public let language: String?
    /// The deadline of a whole call, every request and reply in it (`timeout`, default 30s, at most 1min).
    public let timeout: TimeSpan
    /// The channel's `max_length` when written: it wins over the instance's limit at publish, as at `pacer add`.
    public let maxLength: Int?

    public init(baseURL: String, credential: String, visibility: String = "public", language: String? = nil,
                timeout: TimeSpan = TimeSpan(seconds: 30), maxLength: Int? = nil) throws(ChannelSettingsError) {
        self.baseURL = try ServiceURL(baseURL, key: "base_url")
        self.credential = try SettingsValidation.credential(credential)
        guard let parsed = Visibility(rawValue: visibility) else {
            throw ChannelSettingsError(key: "visibility", "\"\(visibility)\" is not one of \(Visibility.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.visibility = parsed
        self.language = try SettingsValidation.language(language)
        self.timeout = try SettingsValidation.timeout(timeout)
        self.maxLength = maxLength
    }
}
