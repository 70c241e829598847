import PacerCore

/// `kind = "webhook"`: POST a JSON document to a URL.
public struct WebhookSettings: Sendable, Hashable {
    /// Where the POST goes (`url`).
    public let url: ServiceURL
    /// Extra request headers (`headers`), e.g. a routing key. Not secrets: they may be logged.
    public let headers: [String: String]
    /// The credential holding the `whsec_…` key of `webhook-signature` (`secret`); no signature without it.
    public let secretCredential: String?
    /// The deadline of a whole call, every request and reply in it (`timeout`, default 30s, at most 1min).
    public let timeout: TimeSpan
    /// Whether the body carries each image's bytes, base64-encoded (`include_media`); by default
    /// it describes the images only (type, size, SHA-256, alt text).
    public let includeMedia: Bool

    /// Headers Pacer sets itself, which `headers` may not override.
    static let reservedHeaders: Set<String> = [
        "content-type", "content-length", "host", "idempotency-key", "webhook-id", "webhook-timestamp", "webhook-signature",
        "transfer-encoding", "connection",
    ]

    public init(url: String, headers: [String: String] = [:], secretCredential: String? = nil,
                timeout: TimeSpan = TimeSpan(seconds: 30), includeMedia: Bool = false) throws(ChannelSettingsError) {
        self.url = try ServiceURL(url, key: "url", allowingQuery: true)
        for (name, value) in headers {
            let token = !name.isEmpty && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0))
            }
            guard token else { throw ChannelSettingsError(key: "headers", "\"\(name)\" is not a valid header name") }
            guard !Self.reservedHeaders.contains(name.lowercased()) else {
                throw ChannelSettingsError(key: "headers", "\(name) is set by Pacer and cannot be overridden")
            }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw ChannelSettingsError(key: "headers", "the value of \(name) must be one line")
            }
        }
        self.headers = headers
        self.secretCredential = try secretCredential.map { name throws(ChannelSettingsError) in try SettingsValidation.credential(name, key: "secret") }
        self.timeout = try SettingsValidation.timeout(timeout)
        self.includeMedia = includeMedia
    }
}
