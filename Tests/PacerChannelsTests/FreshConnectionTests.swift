#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PacerCore
import Synchronization
import Testing
@testable import PacerChannels

/// A server that has given up on an idle keep-alive connection without the client seeing it (no
/// `Connection: close`, the FIN lost on the way, a middlebox that forgot the connection) resets
/// the next request sent on it. Every request gets a connection of its own, so such a reset can
/// never turn a publish into a maybe-sent one.
struct FreshConnectionTests {
    @Test func tenPublishesToAServerThatDropsIdleConnectionsAllSucceed() async throws {
        let server = try await ForgetfulServer.start()
        do {
            try await Harness.with { harness in
                try harness.addCredential("mastodon-token", "token")
                let settings = try MastodonSettings(baseURL: server.baseURL, credential: "mastodon-token", visibility: "unlisted",
                                                    language: nil, timeout: TimeSpan(seconds: 30))
                let mastodon = MastodonPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                                 stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
                var outcomes: [PublishOutcome] = []
                for delivery in 1...10 {
                    outcomes.append(await mastodon.publish(publication("post \(delivery)", delivery: DeliveryID(delivery)),
                                                           now: testNow.addingTimeInterval(Double(delivery) * 300)))
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(outcomes.allSatisfy { $0 == .published(url: "https://social.example/@me/1", externalID: "1", status: 200) }, "\(outcomes)")
                #expect(server.resets == 0, "no request went to a connection the server had dropped")
            }
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func aRefusedConnectionIsSaidOnce() async throws {
        let closed = try await ForgetfulServer.start()
        try await closed.stop()
        try await Harness.with { harness in
            try harness.addCredential("mastodon-token", "token")
            let settings = try MastodonSettings(baseURL: closed.baseURL, credential: "mastodon-token", visibility: "unlisted",
                                                language: nil, timeout: TimeSpan(seconds: 30))
            let mastodon = MastodonPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                             stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let outcome = await mastodon.publish(publication(), now: testNow)
            #expect(outcome == .retry(reason: "127.0.0.1: cannot connect: Connection refused", after: nil, status: nil, consumesAttempt: true))
        }
    }
}

/// An HTTP/1.1 server on loopback that answers the first request of each connection with
/// keep-alive and resets the connection on any later request, as a peer that has dropped it does.
private final class ForgetfulServer: Sendable {
    private let listener: any Channel
    private let resetCount = Mutex(0)

    private init(listener: any Channel) { self.listener = listener }

    var baseURL: String { "http://127.0.0.1:\(listener.localAddress?.port ?? 0)" }
    var resets: Int { resetCount.withLock { $0 } }

    static func start() async throws -> ForgetfulServer {
        let box = Mutex<ForgetfulServer?>(nil)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(OneRequestHandler { box.withLock { $0?.resetCount.withLock { $0 += 1 } } })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = ForgetfulServer(listener: listener)
        box.withLock { $0 = server }
        return server
    }

    func stop() async throws {
        try await listener.close()
    }
}

/// Answers one request on its connection; resets the connection on the next.
private final class OneRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let noteReset: @Sendable () -> Void
    private var path = ""
    private var answered = false

    init(noteReset: @escaping @Sendable () -> Void) { self.noteReset = noteReset }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
        case .body:
            break
        case .end:
            guard !answered else {
                noteReset()
                // SO_LINGER 0: the close sends a reset, set at once on the channel's own event loop.
                _ = (context.channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                context.close(promise: nil)
                return
            }
            answered = true
            let body = path.hasPrefix("/api/v2/instance")
                ? #"{"configuration":{"statuses":{"max_characters":500,"characters_reserved_per_url":23}}}"#
                : #"{"id":"1","url":"https://social.example/@me/1"}"#
            var headers = HTTPHeaders([("Content-Type", "application/json")])
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
