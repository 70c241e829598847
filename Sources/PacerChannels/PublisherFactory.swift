import AsyncHTTPClient
import Logging

/// Builds the publisher of each configured channel, sharing one HTTP client (created by the first
/// HTTP channel), one credential store and the daemon's state directory.
///
/// Each channel that keeps state gets `<stateDirectory>/channels/<name>/` (created 0700 when first
/// needed). Credentials are checked when the publisher is made, so a missing or insecure one is
/// reported at configuration load, and read again at every publish, so a rotated one is used.
public struct PublisherFactory: Sendable {
    public let http: SharedHTTPClient
    public let credentials: CredentialStore
    public let stateDirectory: String
    public let logger: Logger
    /// The environment a command channel's program inherits.
    public let environment: [String: String]

    /// `stateDirectory` is the daemon's (`$STATE_DIRECTORY` or `$XDG_STATE_HOME/pacer`).
    public init(http: SharedHTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger,
                environment: [String: String]) {
        self.http = http
        self.credentials = credentials
        self.stateDirectory = stateDirectory
        self.logger = logger
        self.environment = environment
    }

    /// The publisher of channel `name`. Throws when a credential it names cannot be used.
    public func makePublisher(channel name: String, settings: ChannelSettings) throws(CredentialError) -> any Publisher {
        var logger = logger
        logger[metadataKey: "channel"] = "\(name)"
        let directory = channelDirectory(name)
        switch settings {
        case .outbox(let outbox):
            return OutboxPublisher(directory: outbox)
        case .command(let command):
            return CommandPublisher(settings: command, environment: environment, logger: logger)
        case .webhook(let webhook):
            if let secret = webhook.secretCredential { _ = try WebhookSigningKey(credentials.secret(named: secret), credential: secret) }
            return WebhookPublisher(settings: webhook, httpClient: http.client, credentials: credentials, stateDirectory: directory, logger: logger)
        case .mastodon(let mastodon):
            _ = try credentials.secret(named: mastodon.credential)
            return MastodonPublisher(settings: mastodon, httpClient: http.client, credentials: credentials, stateDirectory: directory, logger: logger)
        case .bluesky(let bluesky):
            _ = try credentials.secret(named: bluesky.credential)
            return BlueskyPublisher(settings: bluesky, httpClient: http.client, credentials: credentials, stateDirectory: directory, logger: logger)
        case .linkedin(let linkedin):
            _ = try credentials.oauthCredential(named: linkedin.credential)
            return LinkedInPublisher(settings: linkedin, httpClient: http.client, credentials: credentials, logger: logger)
        case .x(let x):
            _ = try credentials.oauthCredential(named: x.credential)
            return XPublisher(settings: x, httpClient: http.client, credentials: credentials, stateDirectory: directory, logger: logger)
        }
    }

    /// `<stateDirectory>/channels/<name>`, with every byte of the name outside `[A-Za-z0-9._-]`
    /// written as `%XX` so that any channel name is one safe path component.
    public func channelDirectory(_ name: String) -> String {
        var component = ""
        for byte in name.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-".unicodeScalars.contains(scalar)
                || (scalar == "." && !component.isEmpty) {
                component.unicodeScalars.append(scalar)
            } else {
                component += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return "\(stateDirectory)/channels/\(component)"
    }
}
