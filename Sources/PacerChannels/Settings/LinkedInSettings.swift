import PacerCore

/// `kind = "linkedin"`: `POST /rest/posts` of the versioned LinkedIn API.
public struct LinkedInSettings: Sendable, Hashable {
    /// `base_url`, default `https://api.linkedin.com`.
    public let baseURL: ServiceURL
    /// The credential holding an OAuth 2.0 access token with `w_member_social` (`credential`).
    public let credential: String
    /// `urn:li:person:…` or `urn:li:organization:…` (`author`).
    public let author: String
    /// The `LinkedIn-Version` header, `YYYYMM` (`version`).
    public let version: String
    /// The deadline of a whole call, every request and reply in it (`timeout`, default 30s, at most 1min).
    public let timeout: TimeSpan
    /// The app `pacer auth` signs in with (`client_id`, `client_secret_credential`, `authorize_url`, `token_url`).
    public let oauth: OAuthClientSettings

    public init(baseURL: String = "https://api.linkedin.com", credential: String, author: String, version: String,
                timeout: TimeSpan = TimeSpan(seconds: 30), oauth: OAuthClientSettings.Keys = .init()) throws(ChannelSettingsError) {
        self.baseURL = try ServiceURL(baseURL, key: "base_url")
        self.credential = try SettingsValidation.credential(credential)
        let id = author.hasPrefix("urn:li:person:") ? author.dropFirst("urn:li:person:".count)
            : author.hasPrefix("urn:li:organization:") ? author.dropFirst("urn:li:organization:".count) : ""
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ChannelSettingsError(key: "author", "\"\(author)\" must be urn:li:person:ID or urn:li:organization:ID")
        }
        self.author = author
        let digits = Array(version.utf8)
        guard digits.count == 6, digits.allSatisfy({ (48...57).contains($0) }), let month = Int(version.suffix(2)), (1...12).contains(month) else {
            throw ChannelSettingsError(key: "version", "\"\(version)\" must be a LinkedIn API version YYYYMM, e.g. \"202611\"")
        }
        self.version = version
        self.timeout = try SettingsValidation.timeout(timeout)
        self.oauth = try OAuthClientSettings(oauth, authorizeURL: "https://www.linkedin.com/oauth/v2/authorization",
                                             tokenURL: "https://www.linkedin.com/oauth/v2/accessToken")
    }
}
