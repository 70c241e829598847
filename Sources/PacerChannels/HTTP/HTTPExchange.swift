import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PacerCore

/// Sends one request and reads the whole reply, all of it (connecting, sending, the head and the
/// body) under one deadline: the call's (``CallDeadline``), else the channel's `timeout` from now.
struct HTTPExchange: Sendable {
    let client: HTTPClient
    let timeout: TimeSpan
    let logger: Logger

    /// The largest reply body read.
    static let maxBodyBytes = 1 << 20

    /// A request to send.
    struct Request: Sendable {
        enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT" }

        var method: Method
        var url: String
        var headers: [(String, String)] = []
        var body: [UInt8]? = nil
        /// An image upload's body, already in NIO's buffer so that it is sent without another copy;
        /// sent instead of `body`.
        var upload: ByteBuffer? = nil
        /// The channel's secrets: the reply's texts (``HTTPReply/serverMessage``) never show them.
        var secrets: [Secret] = []
        /// A look-up the call can do without; it gets half of the call's time left (``CallDeadline``).
        var isOptional = false

        /// A JSON POST of `body`.
        static func postJSON(_ url: String, _ body: [UInt8], headers: [(String, String)] = [], secrets: [Secret] = []) -> Request {
            Request(method: .post, url: url, headers: [("Content-Type", "application/json")] + headers, body: body, secrets: secrets)
        }
    }

    /// How reading a reply's body ended.
    private enum BodyRead: Sendable {
        case complete([UInt8])
        /// The body broke off or was too large; the status still tells what happened.
        case unreadable(String)
        /// The deadline passed first; the read was cancelled, which closes the connection.
        case late
    }

    /// The reply, or why there is none.
    func send(_ request: Request) async -> Result<HTTPReply, TransportFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = switch request.method {
        case .get: .GET
        case .post: .POST
        case .put: .PUT
        }
        outgoing.headers.add(name: "User-Agent", value: "pacer")
        outgoing.headers.add(name: "Accept", value: "application/json")
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let upload = request.upload {
            outgoing.body = .bytes(upload)
        } else if let body = request.body {
            outgoing.body = .bytes(body)
        }
        let host = URLComponents(string: request.url)?.host ?? RedactedURL.shown(request.url)
        let target = "\(request.method.rawValue) \(RedactedURL.shown(request.url))"
        let deadline = CallDeadline.forRequest(timeout: timeout, optional: request.isOptional)
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else {
            logger.debug("\(target) not sent: the call's time is up")
            return .failure(.notSent("\(host): the channel's timeout (\(timeout)) ran out before this request was sent"))
        }
        do {
            let response = try await client.execute(outgoing, deadline: .now() + .nanoseconds(Self.nanoseconds(left)), logger: logger)
            let body: [UInt8]
            switch await Self.read(response.body, until: deadline) {
            case .complete(let bytes):
                body = bytes
            case .unreadable(let error):
                logger.debug("reply body of \(target) unreadable", metadata: ["error": "\(error)"])
                body = []
            case .late:
                logger.debug("\(target) → \(response.status.code), body not complete by the deadline")
                return .failure(.maybeSent("\(host): HTTP \(response.status.code) answered, but its body did not arrive within the timeout (\(timeout))"))
            }
            let headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            logger.debug("\(target) → \(response.status.code)")
            return .success(HTTPReply(status: Int(response.status.code), headers: headers, body: body, secrets: request.secrets))
        } catch {
            let failure = TransportFailure(error, host: host)
            logger.debug("\(target) failed", metadata: ["error": "\(failure.reason)"])
            return .failure(failure)
        }
    }

    /// Reads `body` unless `deadline` passes first; then the read is cancelled, which makes
    /// AsyncHTTPClient cancel the request and close its connection.
    private static func read(_ body: HTTPClientResponse.Body, until deadline: ContinuousClock.Instant) async -> BodyRead {
        await withTaskGroup(of: BodyRead.self) { group in
            group.addTask {
                do {
                    let buffer = try await body.collect(upTo: maxBodyBytes)
                    return .complete(Array(buffer.readableBytesView))
                } catch {
                    return .unreadable("\(error)")
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .late
            }
            let first = await group.next() ?? .late
            group.cancelAll()
            return first
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
