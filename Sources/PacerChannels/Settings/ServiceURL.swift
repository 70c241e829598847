import Foundation

/// An endpoint a channel talks to: `https://…`, or `http://…` to a loopback address only
/// (127.0.0.0/8, `::1`, `localhost`), so that no token or post crosses a network in the clear.
/// User names and passwords in the URL are refused (they would end up in logs). It describes
/// itself, and is named in errors, as ``RedactedURL`` shows it: a webhook's query may hold a token.
public struct ServiceURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as given, without a trailing slash.
    public let absoluteString: String
    /// `https` or `http`.
    public let scheme: String
    /// The host, lower-cased, without IPv6 brackets.
    public let host: String

    /// Validates `text` for the configuration key `key`. `allowingQuery` is for webhooks, whose
    /// URL may carry a query; a `base_url` may not.
    public init(_ text: String, key: String, allowingQuery: Bool = false) throws(ChannelSettingsError) {
        let shown = RedactedURL.shown(text)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let rawHost = components.host, !rawHost.isEmpty
        else { throw ChannelSettingsError(key: key, "\"\(shown)\" is not an absolute http(s) URL") }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard components.user == nil, components.password == nil else {
            throw ChannelSettingsError(key: key, "a user name or password in the URL is refused; use `credential`")
        }
        guard allowingQuery || (components.query == nil && components.fragment == nil) else {
            throw ChannelSettingsError(key: key, "\"\(shown)\" must not have a query or fragment")
        }
        guard components.fragment == nil else { throw ChannelSettingsError(key: key, "\"\(shown)\" must not have a fragment") }
        switch scheme {
        case "https": break
        case "http":
            guard Self.isLoopback(host) else {
                throw ChannelSettingsError(key: key, "plain http:// is allowed only to loopback (127.0.0.0/8, ::1, localhost); use https://\(shown.dropFirst("http://".count))")
            }
        default:
            throw ChannelSettingsError(key: key, "\"\(shown)\" must start with https://")
        }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.absoluteString = trimmed
        self.scheme = scheme
        self.host = host
    }

    /// The URL of `path` (which starts with `/`) under this base.
    public func appending(_ path: String) -> String { absoluteString + path }

    /// The URL as shown to people: without its query (``RedactedURL``).
    public var description: String { RedactedURL.shown(absoluteString) }

    /// Whether `host` is a loopback name or address.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part).map { String($0) == part } ?? false }
    }
}
