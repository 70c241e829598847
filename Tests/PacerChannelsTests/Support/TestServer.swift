import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One request as the test server received it.
struct RecordedRequest: Sendable {
    var method: String
    /// The request target: path and query.
    var uri: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var path: String { String(uri.prefix { $0 != "?" }) }
    var query: String? { uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) } }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// Everything the request carried, as text (for searching for secrets).
    var everything: String {
        ([method + " " + uri] + headers.map { "\($0.name): \($0.value)" } + [bodyText]).joined(separator: "\n")
    }
}

/// A scripted answer.
struct ScriptedReply: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Wait this long before answering.
    var delay: TimeInterval = 0
    /// Never answer (the connection stays open until the client gives up or the server stops).
    var hold = false
    /// Send the head at once, then the body one byte per this many seconds (a slow peer).
    var dribble: TimeInterval? = nil

    static func json(_ status: Int, _ text: String, headers: [(String, String)] = [], delay: TimeInterval = 0) -> ScriptedReply {
        ScriptedReply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8), delay: delay)
    }

    static func text(_ status: Int, _ text: String, headers: [(String, String)] = []) -> ScriptedReply {
        ScriptedReply(status: status, headers: [("Content-Type", "text/plain")] + headers, body: Array(text.utf8))
    }

    static let hold = ScriptedReply(hold: true)

    /// `status` and its head at once, then `byteCount` body bytes, one every `interval` seconds.
    static func dribble(_ status: Int, bytes byteCount: Int, every interval: TimeInterval) -> ScriptedReply {
        ScriptedReply(status: status, headers: [("Content-Type", "text/plain")], body: Array(repeating: UInt8(ascii: "."), count: byteCount),
                      dribble: interval)
    }
}

/// How the dribbled bodies ended: sent to the end, or cut because the client closed the connection.
struct DribbleTally: Sendable, Equatable {
    var finished = 0
    var cut = 0
}

/// A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for the channel tests. Every request
/// is recorded; each route (method and path, without the query) answers its scripted replies in
/// order, repeating the last; an unscripted route answers 404.
final class TestServer: Sendable {
    private struct State {
        var routes: [String: [ScriptedReply]] = [:]
        var requests: [RecordedRequest] = []
        var connections: [any Channel] = []
        var dribbles = DribbleTally()
    }

    private let state = Mutex(State())
    private let listener = Mutex<(any Channel)?>(nil)
    private let boundPort = Mutex(0)

    var port: Int { boundPort.withLock { $0 } }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init() {}

    /// Starts a server; stop it with `stop()`.
    static func start() async throws -> TestServer {
        let server = TestServer()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    server.state.withLock { $0.connections.append(channel) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RecordingHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.boundPort.withLock { $0 = channel.localAddress?.port ?? 0 }
        server.listener.withLock { $0 = channel }
        return server
    }

    func stop() async throws {
        let connections = state.withLock { $0.connections }
        for connection in connections { try? await connection.close() }
        try await listener.withLock { $0 }?.close()
    }

    /// Adds `replies` to the route `method path`.
    func script(_ method: String, _ path: String, _ replies: ScriptedReply...) {
        state.withLock { $0.routes["\(method) \(path)", default: []].append(contentsOf: replies) }
    }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    func requests(to path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }

    var dribbles: DribbleTally { state.withLock { $0.dribbles } }

    fileprivate func noteDribble(finished: Bool) {
        state.withLock { finished ? ($0.dribbles.finished += 1) : ($0.dribbles.cut += 1) }
    }

    /// Records `request` and takes the reply for it.
    fileprivate func receive(_ request: RecordedRequest) -> ScriptedReply {
        state.withLock { state in
            state.requests.append(request)
            let key = "\(request.method) \(request.path)"
            guard var queue = state.routes[key], !queue.isEmpty else {
                return .json(404, #"{"error":"NotScripted"}"#)
            }
            let reply = queue.count > 1 ? queue.removeFirst() : queue[0]
            state.routes[key] = queue
            return reply
        }
    }
}

/// Collects one request, asks the server for the reply, sends it.
private final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: TestServer
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(server: TestServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let reply = server.receive(RecordedRequest(method: head.method.rawValue, uri: head.uri,
                                                       headers: head.headers.map { ($0.name, $0.value) }, body: body))
            guard !reply.hold else { return }
            let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
            if reply.delay > 0 {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(reply.delay * 1000))) {
                    bound.value.1.answer(reply, context: bound.value.0)
                }
            } else {
                answer(reply, context: context)
            }
        }
    }

    private func answer(_ reply: ScriptedReply, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(reply.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        if let interval = reply.dribble {
            context.writeAndFlush(Self.wrapOutboundOut(.head(head)), promise: nil)
            dribble(reply.body[...], every: .milliseconds(Int64(interval * 1000)), context: context)
            return
        }
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Sends the first of `bytes` and schedules the rest, until they are sent or the client has closed.
    private func dribble(_ bytes: ArraySlice<UInt8>, every interval: TimeAmount, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return server.noteDribble(finished: false) }
        guard let byte = bytes.first else {
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
            return server.noteDribble(finished: true)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [byte])))), promise: nil)
        let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: interval) {
            bound.value.1.dribble(bytes.dropFirst(), every: interval, context: bound.value.0)
        }
    }
}
