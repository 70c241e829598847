/// The OAuth 2.0 client that `pacer auth` signs in with, for the kinds whose tokens come from an
/// app the person registered themselves (X, LinkedIn). pacerd does not need these to publish; a
/// channel without `client_id` is valid, and `pacer auth` asks for it.
public struct OAuthClientSettings: Sendable, Hashable {
    /// The keys as written in the channel's block, every one optional.
    public struct Keys: Sendable, Hashable {
        public var clientID: String?
        public var clientSecretCredential: String?
        public var authorizeURL: String?
        public var tokenURL: String?

        public init(clientID: String? = nil, clientSecretCredential: String? = nil, authorizeURL: String? = nil, tokenURL: String? = nil) {
            self.clientID = clientID
            self.clientSecretCredential = clientSecretCredential
            self.authorizeURL = authorizeURL
            self.tokenURL = tokenURL
        }
    }

    /// The app's client ID (`client_id`), from the platform's developer portal.
    public let clientID: String?
    /// The credential holding the app's client secret (`client_secret_credential`); a
    /// confidential client's, never needed by a public one.
    public let clientSecretCredential: String?
    /// Where the browser is sent to allow access (`authorize_url`).
    public let authorizeURL: ServiceURL
    /// Where the authorization code is exchanged for tokens (`token_url`).
    public let tokenURL: ServiceURL

    /// Validates `keys`; the URLs default to the platform's.
    public init(_ keys: Keys, authorizeURL defaultAuthorizeURL: String, tokenURL defaultTokenURL: String) throws(ChannelSettingsError) {
        if let clientID = keys.clientID {
            guard !clientID.isEmpty, clientID.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw ChannelSettingsError(key: "client_id", "\"\(clientID)\" must be the client ID from the platform's developer portal (printable ASCII, no spaces)")
            }
        }
        self.clientID = keys.clientID
        self.clientSecretCredential = try keys.clientSecretCredential.map { name throws(ChannelSettingsError) in
            try SettingsValidation.credential(name, key: "client_secret_credential")
        }
        self.authorizeURL = try ServiceURL(keys.authorizeURL ?? defaultAuthorizeURL, key: "authorize_url")
        self.tokenURL = try ServiceURL(keys.tokenURL ?? defaultTokenURL, key: "token_url")
    }
}
