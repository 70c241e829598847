import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PacerCore

/// Sends one request with the channel's deadline and reads the whole reply.
struct HTTPExchange: Sendable {
    let client: HTTPClient
    let timeout: TimeSpan
    let logger: Logger

    /// The largest reply body read.
    static let maxBodyBytes = 1 << 20

    /// A request to send.
    struct Request: Sendable {
        enum Method: String, Sendable { case get = "GET", post = "POST" }

        var method: Method
        var url: String
        var headers: [(String, String)] = []
        var body: [UInt8]? = nil

        /// A JSON POST of `body`.
        static func postJSON(_ url: String, _ body: [UInt8], headers: [(String, String)] = []) -> Request {
            Request(method: .post, url: url, headers: [("Content-Type", "application/json")] + headers, body: body)
        }
    }

    /// The reply, or why there is none.
    func send(_ request: Request) async -> Result<HTTPReply, TransportFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method == .post ? .POST : .GET
        outgoing.headers.add(name: "User-Agent", value: "pacer")
        outgoing.headers.add(name: "Accept", value: "application/json")
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        let host = URLComponents(string: request.url)?.host ?? request.url
        // The path only: a query may carry identifiers that do not belong in the journal.
        let target = "\(request.method.rawValue) \(host)\(URLComponents(string: request.url)?.path ?? "")"
        do {
            let response = try await client.execute(outgoing, timeout: .microseconds(timeout.microseconds), logger: logger)
            var body: [UInt8] = []
            do {
                let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
                body = Array(buffer.readableBytesView)
            } catch {
                logger.debug("reply body of \(target) unreadable", metadata: ["error": "\(error)"])
            }
            let headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            logger.debug("\(target) → \(response.status.code)")
            return .success(HTTPReply(status: Int(response.status.code), headers: headers, body: body))
        } catch {
            let failure = TransportFailure(error, host: host)
            logger.debug("\(target) failed", metadata: ["error": "\(failure.reason)"])
            return .failure(failure)
        }
    }
}
