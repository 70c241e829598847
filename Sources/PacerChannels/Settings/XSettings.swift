import PacerCore

/// `kind = "x"`: `POST /2/tweets` of the X API v2.
public struct XSettings: Sendable, Hashable {
    /// `base_url`, default `https://api.x.com`.
    public let baseURL: ServiceURL
    /// The credential holding an OAuth 2.0 user access token with `tweet.write`, and `media.write`
    /// for images (`credential`).
    public let credential: String
    /// The deadline of a whole call, every request and reply in it (`timeout`, default 30s, at most 1min).
    public let timeout: TimeSpan
    /// The app `pacer auth` signs in with (`client_id`, `client_secret_credential`, `authorize_url`, `token_url`).
    public let oauth: OAuthClientSettings

    public init(baseURL: String = "https://api.x.com", credential: String, timeout: TimeSpan = TimeSpan(seconds: 30),
                oauth: OAuthClientSettings.Keys = .init()) throws(ChannelSettingsError) {
        self.baseURL = try ServiceURL(baseURL, key: "base_url")
        self.credential = try SettingsValidation.credential(credential)
        self.timeout = try SettingsValidation.timeout(timeout)
        self.oauth = try OAuthClientSettings(oauth, authorizeURL: "https://x.com/i/oauth2/authorize", tokenURL: self.baseURL.appending("/2/oauth2/token"))
    }
}
