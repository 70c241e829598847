import AsyncHTTPClient
import Foundation
import NIOCore
import PacerChannels
import PacerCore

/// The HTTPS calls of a sign-in, one at a time and each within the channel's `timeout`, on a client
/// configured as the channels' is (``ChannelHTTPClient``: no redirects followed).
final class PlatformHTTP {
    /// A platform's reply: its status and body.
    struct Reply {
        let status: Int
        let body: [UInt8]

        var isSuccess: Bool { (200..<300).contains(status) }

        /// The body as a JSON object, if it is one.
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

        /// What the platform said went wrong: its usual error fields, else the start of the body.
        var message: String {
            if let json {
                for key in ["error_description", "message", "error", "detail", "title"] {
                    if let text = json[key] as? String, !text.isEmpty { return text }
                }
            }
            let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? "no explanation" : text
        }
    }

    private enum Method: String { case get = "GET", post = "POST" }

    private let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: ChannelHTTPClient.configuration)
    private let timeout: TimeSpan

    init(timeout: TimeSpan) {
        self.timeout = timeout
    }

    deinit { try? client.syncShutdown() }

    /// A form POST (`application/x-www-form-urlencoded`).
    func postForm(_ url: String, _ fields: [(String, String)], headers: [(String, String)] = []) throws(AuthFailure) -> Reply {
        try send(.post, url, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: Array(FormEncoding.encode(fields).utf8))
    }

    /// A JSON POST.
    func postJSON(_ url: String, _ object: [String: String]) throws(AuthFailure) -> Reply {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return try send(.post, url, headers: [("Content-Type", "application/json")], body: Array(body))
    }

    /// A GET with a bearer token.
    func get(_ url: String, bearer token: String) throws(AuthFailure) -> Reply {
        try send(.get, url, headers: [("Authorization", "Bearer \(token)")], body: nil)
    }

    private func send(_ method: Method, _ url: String, headers: [(String, String)], body: [UInt8]?) throws(AuthFailure) -> Reply {
        let shown = RedactedURL.shown(url)
        do {
            var request = try HTTPClient.Request(url: url, method: method == .post ? .POST : .GET)
            request.headers.add(name: "User-Agent", value: "pacer")
            request.headers.add(name: "Accept", value: "application/json")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(body) }
            let response = try client.execute(request: request, deadline: .now() + .microseconds(timeout.microseconds)).wait()
            let bytes = response.body.map { Array($0.readableBytesView) } ?? []
            return Reply(status: Int(response.status.code), body: bytes)
        } catch {
            throw AuthFailure(AuthFailure.temporaryFailure, "\(method.rawValue) \(shown) failed: \(error); check the channel's URLs and the network, then try again")
        }
    }
}
