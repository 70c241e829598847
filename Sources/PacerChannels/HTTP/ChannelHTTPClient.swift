import AsyncHTTPClient
import NIOCore

/// How the daemon's one shared `HTTPClient` for the channels is configured.
///
/// Redirects are never followed: a publish that is redirected is refused (`failed`) rather than
/// re-sent somewhere else, possibly as a GET, possibly with its headers. (Should a client that
/// follows redirects be passed anyway, AsyncHTTPClient drops `Authorization` on a redirect to
/// another origin.) Connection failures are reported at once, because the engine retries with
/// backoff itself.
///
/// Every request gets a connection of its own (one use per connection). Publishes are minutes
/// apart, and a pooled connection that a server or a middlebox has given up on without the
/// client seeing it fails the next request as "connection reset" once that request is written,
/// which cannot be told from a request the server received: a post could only be `unknown` then.
/// A fresh connection costs a handshake per request, a few per publish.
public enum ChannelHTTPClient {
    /// The configuration ``SharedHTTPClient`` creates the client with, on SwiftNIO's singleton
    /// event-loop group.
    public static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(120)),
            decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.maximumUsesPerConnection = 1
        return configuration
    }
}
