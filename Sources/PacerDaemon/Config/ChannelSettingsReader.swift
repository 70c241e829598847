import PacerChannels
import PacerCore

/// Reads the kind-specific keys of a `[[channel]]` block into validated `ChannelSettings`.
/// Each kind's rules (required keys, URL schemes, credential names) live in its settings type;
/// this reader maps keys to parameters and locates every error on its line.
enum ChannelSettingsReader {
    static let defaultTimeout = TimeSpan(seconds: 30)

    static func read(_ kind: ChannelKind, name: String, _ reader: inout TableReader, defaultOutbox: String) throws(ConfigError) -> ChannelSettings {
        switch kind {
        case .outbox:
            return .outbox(directory: try reader.path("path") ?? defaultOutbox)
        case .command:
            let argv = try required(&reader, name, "command", example: "[\"/usr/bin/toot\", \"post\"]") { reader, key throws(ConfigError) in try reader.strings(key) }
            let timeout = try reader.timeSpan("timeout") ?? defaultTimeout
            return .command(try validated(reader, name) { () throws(ChannelSettingsError) in try CommandSettings(argv: argv, timeout: timeout) })
        case .webhook:
            let url = try requiredString(&reader, name, "url", example: "\"https://example.com/hooks/pacer\"")
            let headers = try reader.stringTable("headers") ?? [:]
            let secret = try reader.string("secret")
            let timeout = try reader.timeSpan("timeout") ?? defaultTimeout
            let includeMedia = try reader.bool("include_media") ?? false
            return .webhook(try validated(reader, name) { () throws(ChannelSettingsError) in
                try WebhookSettings(url: url, headers: headers, secretCredential: secret, timeout: timeout, includeMedia: includeMedia)
            })
        case .mastodon:
            let baseURL = try requiredString(&reader, name, "base_url", example: "\"https://mastodon.social\"")
            let credential = try requiredString(&reader, name, "credential", example: "\"mastodon-token\"")
            let visibility = try reader.string("visibility") ?? "public"
            let language = try reader.string("language")
            let timeout = try reader.timeSpan("timeout") ?? defaultTimeout
            let maxLength = try reader.positiveInt("max_length")
            return .mastodon(try validated(reader, name) { () throws(ChannelSettingsError) in
                try MastodonSettings(baseURL: baseURL, credential: credential, visibility: visibility, language: language, timeout: timeout,
                                     maxLength: maxLength)
            })
        case .bluesky:
            let baseURL = try reader.string("base_url") ?? "https://bsky.social"
            let identifier = try requiredString(&reader, name, "identifier", example: "\"me.bsky.social\"")
            let credential = try requiredString(&reader, name, "credential", example: "\"bluesky-app-password\"")
            let language = try reader.string("language")
            let timeout = try reader.timeSpan("timeout") ?? defaultTimeout
            return .bluesky(try validated(reader, name) { () throws(ChannelSettingsError) in
                try BlueskySettings(baseURL: baseURL, identifier: identifier, credential: credential, language: language, timeout: timeout)
            })
        case .linkedin:
            let baseURL = try reader.string("base_url") ?? "https://api.linkedin.com"
            let credential = try requiredString(&reader, name, "credential", example: "\"linkedin-token\"")
            let author = try requiredString(&reader, name, "author", example: "\"urn:li:person:…\"")
            let version = try requiredString(&reader, name, "version", example: "\"202611\"")
            let timeout = try reader.timeSpan("timeout") ?? defaultTimeout
            let oauth = try oauthKeys(&reader)
            return .linkedin(try validated(reader, name) { () throws(ChannelSettingsError) in
                try LinkedInSettings(baseURL: baseURL, credential: credential, author: author, version: version, timeout: timeout, oauth: oauth)
            })
        case .x:
            let baseURL = try reader.string("base_url") ?? "https://api.x.com"
            let credential = try requiredString(&reader, name, "credential", example: "\"x-token\"")
            let timeout = try reader.timeSpan("timeout") ?? defaultTimeout
            let oauth = try oauthKeys(&reader)
            return .x(try validated(reader, name) { () throws(ChannelSettingsError) in
                try XSettings(baseURL: baseURL, credential: credential, timeout: timeout, oauth: oauth)
            })
        }
    }

    /// The keys of the app `pacer auth` signs in with (``OAuthClientSettings``).
    private static func oauthKeys(_ reader: inout TableReader) throws(ConfigError) -> OAuthClientSettings.Keys {
        OAuthClientSettings.Keys(
            clientID: try reader.string("client_id"), clientSecretCredential: try reader.string("client_secret_credential"),
            authorizeURL: try reader.string("authorize_url"), tokenURL: try reader.string("token_url"))
    }

    /// Runs a settings type's validation, locating its error on the line of the key it names.
    private static func validated<Settings>(
        _ reader: TableReader, _ name: String, _ make: () throws(ChannelSettingsError) -> Settings
    ) throws(ConfigError) -> Settings {
        do {
            return try make()
        } catch {
            throw reader.error(error.key, "channel \(name): \(error)")
        }
    }

    private static func requiredString(_ reader: inout TableReader, _ name: String, _ key: String, example: String) throws(ConfigError) -> String {
        try required(&reader, name, key, example: example) { reader, key throws(ConfigError) in try reader.string(key) }
    }

    private static func required<Value>(
        _ reader: inout TableReader, _ name: String, _ key: String, example: String,
        _ read: (inout TableReader, String) throws(ConfigError) -> Value?
    ) throws(ConfigError) -> Value {
        guard let value = try read(&reader, key) else {
            throw reader.error("kind", "channel \(name): \(key) is required for this kind; add \(key) = \(example)")
        }
        return value
    }
}
