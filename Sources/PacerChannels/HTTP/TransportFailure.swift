#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

/// A request that got no HTTP answer, classified by whether it may have reached the server.
enum TransportFailure: Error, Sendable {
    /// The request provably never left: no connection could be made. Safe to send again.
    case notSent(String)
    /// The request may have been received and acted upon (a timeout or a drop mid-request).
    case maybeSent(String)

    var reason: String {
        switch self {
        case .notSent(let reason), .maybeSent(let reason): reason
        }
    }

    /// Classifies an error thrown by `HTTPClient.execute` for a request to `host`.
    init(_ error: any Error, host: String) {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout,
                 .httpProxyHandshakeTimeout, .invalidURL, .emptyHost, .emptyScheme:
                self = .notSent("\(host): \(error.shortDescription)")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                self = .maybeSent("\(host): no answer in time (\(error.shortDescription))")
            default:
                self = .maybeSent("\(host): \(error.shortDescription)")
            }
        case let error as NIOConnectionError:
            let causes = error.connectionErrors.map { Self.describe($0.error) }
            let dns = (error.dnsAAAAError ?? error.dnsAError).map { "cannot resolve the host (\(Self.describe($0)))" }
            let detail = causes.isEmpty ? dns ?? "no address to connect to" : Self.distinct(causes).joined(separator: "; ")
            self = .notSent("\(host): cannot connect: \(detail)")
        case let error as NIOSSLError:
            if case .handshakeFailed = error {
                self = .notSent("\(host): TLS handshake failed: \(error)")
            } else {
                self = .maybeSent("\(host): TLS: \(error)")
            }
        case let error as IOError where [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode):
            self = .notSent("\(host): cannot connect: \(Self.describe(error))")
        default:
            self = .maybeSent("\(host): \(Self.describe(error))")
        }
    }

    /// An error said once: a system call's error as the system names it ("Connection refused"),
    /// not NIO's description, which wraps it in its own words and the errno.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        return String(cString: strerror(error.errnoCode))
    }

    /// `texts` without repeats, in their order (one refusal per address of a host says it once).
    private static func distinct(_ texts: [String]) -> [String] {
        var seen: Set<String> = []
        return texts.filter { seen.insert($0).inserted }
    }
}
