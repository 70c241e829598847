import Foundation
import PacerPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// The redirect URI of a native app (RFC 8252 §7.3): a one-shot HTTP listener on 127.0.0.1 that
/// receives the browser's redirect with the authorization code.
///
/// It listens on an ephemeral port (or the one given, for platforms that compare the redirect URI
/// exactly), answers the request for `/callback` with a short page and closes; other paths (a
/// browser's `/favicon.ico`) get a 404 and it keeps waiting. It stops waiting at the deadline.
final class LoopbackRedirect {
    private let listener: Int32
    let port: UInt16

    /// The URI the platform sends the browser back to.
    var redirectURI: String { "http://127.0.0.1:\(port)/callback" }

    init(port requested: UInt16) throws(AuthFailure) {
        do throws(SystemCallError) {
            (listener, port) = try Self.listen(port: requested)
        } catch {
            throw AuthFailure(AuthFailure.invalidInput, "cannot listen for the browser's redirect on 127.0.0.1:\(requested): \(error); choose another --port, or leave it out for any free port")
        }
    }

    /// A listening socket on 127.0.0.1:`port` (0: any free port) and the port it got.
    private static func listen(port: UInt16) throws(SystemCallError) -> (Int32, UInt16) {
        let fd = try systemCall("socket", "127.0.0.1") { socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do throws(SystemCallError) {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            try systemCall("bind", "127.0.0.1:\(port)") { bound }
            try systemCall("listen", "127.0.0.1:\(port)") { Glibc.listen(fd, 4) }
            var actual = sockaddr_in()
            var actualLength = length
            let named = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) } }
            try systemCall("getsockname", "127.0.0.1") { named }
            return (fd, UInt16(bigEndian: actual.sin_port))
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(listener) }

    /// Waits for the redirect of the authorization whose `state` is given; returns its `code`.
    /// The browser is answered with a page saying what happened either way.
    func awaitCode(state: String, until deadline: ContinuousClock.Instant, waited: String) throws(AuthFailure) -> String {
        while true {
            let connection = try accept(until: deadline, waited: waited)
            defer { close(connection) }
            guard let target = Self.readRequestTarget(connection) else { continue }
            guard let components = URLComponents(string: "http://127.0.0.1" + target), components.path == "/callback" else {
                Self.answer(connection, status: "404 Not Found", "Pacer is waiting for the sign-in redirect at /callback.")
                continue
            }
            var query: [String: String] = [:]
            for item in components.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
            guard query["state"] == state else {
                Self.answer(connection, status: "400 Bad Request", "This redirect is not from the sign-in that pacer auth is waiting for. Close this tab and run pacer auth again.")
                throw AuthFailure(AuthFailure.permissionDenied, """
                    the browser came back with a state that is not this sign-in's (\(query["state"].map { "\"\($0)\"" } ?? "none")), so \
                    the redirect may be forged or from an older attempt; nothing was stored. Run pacer auth again and use the URL it prints.
                    """)
            }
            if let error = query["error"] {
                let detail = query["error_description"].map { ": \($0)" } ?? ""
                Self.answer(connection, status: "200 OK", "Access was not granted (\(error)). You can close this tab.")
                throw AuthFailure(AuthFailure.permissionDenied, """
                    the platform did not grant access (\(error)\(detail)); nothing was stored. Run pacer auth again and \
                    choose to authorize Pacer.
                    """)
            }
            guard let code = query["code"], !code.isEmpty else {
                Self.answer(connection, status: "400 Bad Request", "The redirect carried no authorization code. Run pacer auth again.")
                throw AuthFailure(AuthFailure.failed, "the browser came back without an authorization code (\(components.query ?? "")); run pacer auth again")
            }
            Self.answer(connection, status: "200 OK", "Pacer received the authorization. You can close this tab; the terminal shows the rest.")
            return code
        }
    }

    /// The next connection, or a timeout failure at the deadline.
    private func accept(until deadline: ContinuousClock.Instant, waited: String) throws(AuthFailure) -> Int32 {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            let milliseconds = max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(milliseconds, Int64(Int32.max))))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else {
                throw AuthFailure(AuthFailure.temporaryFailure, "no redirect from the browser within \(waited); nothing was stored. Run pacer auth again (--timeout gives more time)")
            }
            let connection = Glibc.accept(listener, nil, nil)
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                // A client that connects and says nothing cannot hold the flow for long.
                var wait = timeval(tv_sec: 10, tv_usec: 0)
                setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
                return connection
            }
        }
    }

    /// The request target of a `GET` (`/callback?code=…`), or nil for anything else.
    private static func readRequestTarget(_ connection: Int32) -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 16 * 1024, !received.containsHeaderEnd {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        guard let line = String(decoding: received, as: UTF8.self).split(separator: "\r\n", maxSplits: 1).first else { return nil }
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "GET", parts[1].hasPrefix("/") else {
            answer(connection, status: "405 Method Not Allowed", "Pacer is waiting for the sign-in redirect.")
            return nil
        }
        return String(parts[1])
    }

    private static func answer(_ connection: Int32, status: String, _ message: String) {
        let page = "<!doctype html><meta charset=\"utf-8\"><title>Pacer</title><p>\(message)</p>\n"
        let reply = "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(page.utf8.count)\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n\(page)"
        try? UnixSocket.sendAll(Array(reply.utf8), to: connection, subject: "the browser")
    }
}

extension [UInt8] {
    /// Whether an HTTP request head has ended (a blank line).
    fileprivate var containsHeaderEnd: Bool {
        count >= 4 && indices.dropLast(3).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
    }
}
