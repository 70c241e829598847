import PacerCore

/// `kind = "bluesky"`: `com.atproto.repo.createRecord` of an `app.bsky.feed.post` on a PDS.
public struct BlueskySettings: Sendable, Hashable {
    /// The PDS or entryway (`base_url`, default `https://bsky.social`).
    public let baseURL: ServiceURL
    /// The handle, DID or e-mail address that logs in (`identifier`).
    public let identifier: String
    /// The credential holding an app password (`credential`).
    public let credential: String
    /// The post's language (`language`, the record's `langs`), none when nil.
    public let language: String?
    /// The deadline of a whole call, every request and reply in it (`timeout`, default 30s, at most 1min).
    public let timeout: TimeSpan

    public init(baseURL: String = "https://bsky.social", identifier: String, credential: String, language: String? = nil,
                timeout: TimeSpan = TimeSpan(seconds: 30)) throws(ChannelSettingsError) {
        self.baseURL = try ServiceURL(baseURL, key: "base_url")
        guard !identifier.isEmpty, !identifier.contains(where: { $0.isWhitespace }) else {
            throw ChannelSettingsError(key: "identifier", "must be a handle (alice.bsky.social), a DID or an e-mail address")
        }
        self.identifier = identifier
        self.credential = try SettingsValidation.credential(credential)
        self.language = try SettingsValidation.language(language)
        self.timeout = try SettingsValidation.timeout(timeout)
    }
}
