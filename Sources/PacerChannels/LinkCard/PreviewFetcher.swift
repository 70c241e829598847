import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Fetches what a link card shows (a page, its preview image) from the open web, within bounds a
/// stranger's server cannot stretch: `GET` only, `http` and `https` only, at most
/// ``maxRedirects`` redirects followed (by hand: the channels' client follows none), a body read
/// up to a cap and not a byte further, and everything, redirects included, by one deadline.
struct PreviewFetcher: Sendable {
    let client: HTTPClient
    let logger: Logger

    static let maxRedirects = 3

    /// A body that arrived whole.
    struct Fetched: Sendable {
        /// Where it came from, after redirects: relative links in it resolve against this.
        var url: URL
        /// The media type of `Content-Type`, lower-cased and without parameters.
        var mediaType: String?
        var body: [UInt8]
    }

    /// Why nothing usable came back; the description says it for the log.
    enum Failure: Error, Sendable, CustomStringConvertible {
        case notWeb(String)
        case tooManyRedirects
        case status(Int)
        case tooLarge(Int)
        case late
        case transport(String)

        var description: String {
            switch self {
            case .notWeb(let url): "\(RedactedURL.shown(url)) is not an http or https URL"
            case .tooManyRedirects: "more than \(PreviewFetcher.maxRedirects) redirects"
            case .status(let status): "HTTP \(status)"
            case .tooLarge(let cap): "larger than \(cap) bytes"
            case .late: "no complete answer in time"
            case .transport(let reason): reason
            }
        }
    }

    /// `url`'s body, at most `maxBytes` of it, by `deadline`; `accept` is the request's `Accept`.
    func fetch(_ url: String, accept: String, maxBytes: Int, until deadline: ContinuousClock.Instant) async -> Result<Fetched, Failure> {
        guard var current = Self.webURL(url, relativeTo: nil) else { return .failure(.notWeb(url)) }
        for _ in 0...Self.maxRedirects {
            var request = HTTPClientRequest(url: current.absoluteString)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: "pacer (link preview)")
            request.headers.add(name: "Accept", value: accept)
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return .failure(.late) }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: .now() + .nanoseconds(Self.nanoseconds(left)), logger: logger)
            } catch {
                return .failure(.transport(TransportFailure(error, host: current.host ?? "?").reason))
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "location") {
                guard let next = Self.webURL(location, relativeTo: current) else { return .failure(.notWeb(location)) }
                current = next
                continue
            }
            guard (200..<300).contains(status) else { return .failure(.status(status)) }
            let body: [UInt8]
            switch await Self.read(response.body, upTo: maxBytes, until: deadline) {
            case .success(let bytes): body = bytes
            case .failure(let failure): return .failure(failure)
            }
            let mediaType = response.headers.first(name: "content-type").map {
                String($0.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
            }
            return .success(Fetched(url: current, mediaType: mediaType, body: body))
        }
        return .failure(.tooManyRedirects)
    }

    /// `text` as an absolute `http` or `https` URL with a host, resolved against `base`; nil otherwise.
    static func webURL(_ text: String, relativeTo base: URL?) -> URL? {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces), relativeTo: base)?.absoluteURL,
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }

    /// Reads `body` up to `maxBytes` (stopping there: a larger body fails) unless `deadline` comes
    /// first, which cancels the read and closes the connection.
    private static func read(_ body: HTTPClientResponse.Body, upTo maxBytes: Int, until deadline: ContinuousClock.Instant) async -> Result<[UInt8], Failure> {
        await withTaskGroup(of: Result<[UInt8], Failure>.self) { group in
            group.addTask {
                do {
                    return .success(Array(try await body.collect(upTo: maxBytes).readableBytesView))
                } catch is NIOTooManyBytesError {
                    return .failure(.tooLarge(maxBytes))
                } catch {
                    return .failure(.transport("the body broke off: \(error)"))
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .failure(.late)
            }
            let first = await group.next() ?? .failure(.late)
            group.cancelAll()
            return first
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
