import AsyncHTTPClient
import Synchronization

/// The daemon's one `HTTPClient` for the channels, created when the first HTTP channel needs it.
///
/// A configuration with only `outbox` and `command` channels never creates it, so such a pacerd
/// runs without SwiftNIO's event-loop threads and without the memory they and the client take.
/// Once created, the client lives until ``shutdown()``; a reload that adds an HTTP channel
/// creates it then.
public final class SharedHTTPClient: Sendable {
    private let state = Mutex<HTTPClient?>(nil)

    public init() {}

    /// The client, created on first use with ``ChannelHTTPClient/configuration``.
    public var client: HTTPClient {
        state.withLock { client in
            if let client { return client }
            let created = HTTPClient(eventLoopGroupProvider: .singleton, configuration: ChannelHTTPClient.configuration)
            client = created
            return created
        }
    }

    /// Whether a channel has needed the client yet.
    public var isCreated: Bool { state.withLock { $0 != nil } }

    /// Shuts the client down if it was created; it cannot be used afterwards.
    public func shutdown() {
        let client = state.withLock { $0 }
        try? client?.syncShutdown()
    }
}
