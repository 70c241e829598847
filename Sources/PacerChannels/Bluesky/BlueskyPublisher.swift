import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "bluesky"`: `com.atproto.repo.createRecord` of an `app.bsky.feed.post` with a record
/// key fixed per delivery, so that no retry can create a second post.
///
/// Before the first request of a delivery its record key (a TID, see ``RecordKey``) is written
/// durably to `records/delivery-<id>` in the channel's state directory. A later attempt first asks
/// `com.atproto.repo.getRecord` whether the record exists (then it is published) and otherwise
/// creates it under the same key. Any create that is not answered 2xx is followed by a getRecord
/// in the same attempt, which decides: the reference PDS answers a create over an existing key
/// with `500 InternalServerError`, not a named 4xx. That makes 5xx, timeouts and crashes safe to
/// retry. 429 → retry at `ratelimit-reset` (UNIX seconds) without using an attempt; an expired
/// token is refreshed once; other 4xx → failed. A post beyond ``BlueskyRecordLimits`` fails
/// before any request.
/// The login is kept by ``BlueskySession`` in `session.json` (mode 0600).
public struct BlueskyPublisher: Publisher {
    public let settings: BlueskySettings
    private let exchange: HTTPExchange
    private let session: BlueskySession
    private let records: DeliveryMarks

    /// `stateDirectory` is this channel's own directory: the session and the record keys are kept there.
    public init(settings: BlueskySettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.session = BlueskySession(exchange: exchange, settings: settings, credentials: credentials, file: stateDirectory + "/session.json")
        self.records = DeliveryMarks(directory: stateDirectory + "/records")
    }

    static let collection = "app.bsky.feed.post"

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        await CallDeadline.run(within: settings.timeout) {
            let outcome = await attempt(publication, now: now)
            return outcome.redacting(await session.secrets)
        }
    }

    private func attempt(_ publication: Publication, now: Date) async -> PublishOutcome {
        let violations = BlueskyRecordLimits.violations(text: publication.text, tags: publication.tags)
        guard violations.isEmpty else {
            return .failed(reason: "the post does not fit a Bluesky record: \(violations.joined(separator: "; "))", status: nil)
        }
        var tokens: BlueskySession.Tokens
        switch await session.current(now: now) {
        case .success(let current): tokens = current
        case .failure(let failure): return failure.outcome
        }
        let rkey: String
        do {
            if let existing = try records.read(publication.deliveryID), RecordKey.isValid(existing) {
                rkey = existing
                switch await lookUp(repo: tokens.did, rkey: rkey) {
                case .some(true): return published(did: tokens.did, rkey: rkey)
                case .some(false): break
                case .none: return .retry(reason: "cannot check whether record \(rkey) exists yet", after: nil, status: nil, consumesAttempt: true)
                }
            } else {
                rkey = RecordKey.make(at: now, delivery: publication.deliveryID)
                try records.write(rkey, for: publication.deliveryID)
            }
        } catch {
            return .retry(reason: "cannot keep the record key of delivery \(publication.deliveryID): \(error)", after: nil, status: nil, consumesAttempt: true)
        }
        let post = await BlueskyPost.make(publication, createdAt: now, language: settings.language) { handle in
            await resolve(handle)
        }
        var reply = await create(post, rkey: rkey, tokens: tokens)
        if case .success(let refused) = reply, Self.isExpiredToken(refused) {
            switch await session.renew(after: tokens, now: now) {
            case .success(let renewed): tokens = renewed
            case .failure(let failure): return failure.outcome
            }
            reply = await create(post, rkey: rkey, tokens: tokens)
        }
        switch reply {
        case .success(let reply) where reply.isSuccess:
            return published(did: tokens.did, rkey: rkey, status: reply.status)
        case .success(let reply):
            return await refused(reply, did: tokens.did, rkey: rkey, now: now)
        case .failure(.maybeSent(let reason)):
            return .retry(reason: "\(reason); the same record key makes sending again safe", after: nil, status: nil, consumesAttempt: true)
        case .failure(let failure):
            return OutcomeRules.transport(failure)
        }
    }

    /// A create answered with anything but 2xx: the record is looked up, and published when it
    /// exists, whatever the answer said. Otherwise 429 waits for the limit's reset, and an answer
    /// that would fail the delivery does so only when the record is known to be absent.
    private func refused(_ reply: HTTPReply, did: String, rkey: String, now: Date) async -> PublishOutcome {
        let exists = await lookUp(repo: did, rkey: rkey)
        if exists == true { return published(did: did, rkey: rkey) }
        if reply.status == 429 { return OutcomeRules.rateLimited(reply, until: Self.resetInstant(reply, now: now)) }
        let outcome = OutcomeRules.unsuccessful(reply, replaySafe: true)
        if exists == nil, case .failed = outcome {
            return .retry(reason: "\(reply.summary); cannot check whether record \(rkey) exists yet", after: nil, status: reply.status, consumesAttempt: true)
        }
        return outcome
    }

    /// A crash between claim and reply: no record key means no request was ever made; otherwise
    /// the record is looked up, and sending again under the same key is safe whatever the answer.
    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        await CallDeadline.run(within: settings.timeout) { await lookUpInterrupted(deliveryID) }
    }

    private func lookUpInterrupted(_ deliveryID: DeliveryID) async -> Reconciliation {
        let rkey: String?
        do {
            rkey = try records.read(deliveryID)
        } catch {
            return .undetermined
        }
        guard let rkey, RecordKey.isValid(rkey) else { return .notPublished }
        if let did = await session.knownDID(), await lookUp(repo: did, rkey: rkey) == true {
            return .published(url: Self.url(did: did, rkey: rkey))
        }
        return .notPublished
    }

    private func create(_ post: BlueskyPost, rkey: String, tokens: BlueskySession.Tokens) async -> Result<HTTPReply, TransportFailure> {
        struct Body: Encodable {
            let repo: String
            let collection: String
            let rkey: String
            let record: BlueskyPost
        }
        let body = JSONBody.encode(Body(repo: tokens.did, collection: Self.collection, rkey: rkey, record: post))
        return await exchange.send(.postJSON(settings.baseURL.appending("/xrpc/com.atproto.repo.createRecord"), body,
                                             headers: [("Authorization", "Bearer \(tokens.access.value)")], secrets: await session.secrets))
    }

    /// Whether the record exists: true, false, or nil when the PDS could not say.
    private func lookUp(repo: String, rkey: String) async -> Bool? {
        let url = query("/xrpc/com.atproto.repo.getRecord", ["repo": repo, "collection": Self.collection, "rkey": rkey])
        guard case .success(let reply) = await exchange.send(.init(method: .get, url: url)) else { return nil }
        if reply.isSuccess { return true }
        if (reply.status == 400 || reply.status == 404), (reply.jsonObject?["error"] as? String) == "RecordNotFound" { return false }
        return nil
    }

    /// The DID of `handle`, or nil when it cannot be resolved (the mention stays plain text).
    private func resolve(_ handle: String) async -> String? {
        let url = query("/xrpc/com.atproto.identity.resolveHandle", ["handle": handle])
        guard case .success(let reply) = await exchange.send(.init(method: .get, url: url, isOptional: true)), reply.isSuccess,
              let did = reply.jsonObject?["did"] as? String, did.hasPrefix("did:")
        else { return nil }
        return did
    }

    private func query(_ path: String, _ items: [String: String]) -> String {
        var components = URLComponents()
        components.queryItems = items.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return settings.baseURL.appending(path) + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// `status` is the create's answer; nil when a look-up found the record.
    private func published(did: String, rkey: String, status: Int? = nil) -> PublishOutcome {
        .published(url: Self.url(did: did, rkey: rkey), externalID: "at://\(did)/\(Self.collection)/\(rkey)", status: status)
    }

    static func url(did: String, rkey: String) -> String { "https://bsky.app/profile/\(did)/post/\(rkey)" }

    static func isExpiredToken(_ reply: HTTPReply) -> Bool {
        (reply.status == 400 || reply.status == 401) && ["ExpiredToken", "InvalidToken"].contains(reply.jsonObject?["error"] as? String ?? "")
    }

    /// When a 429 says the limit resets: `ratelimit-reset` (UNIX seconds), else `Retry-After`.
    static func resetInstant(_ reply: HTTPReply, now: Date) -> Date? {
        RateLimitReset.unixSeconds(reply.header("ratelimit-reset")) ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
    }
}
