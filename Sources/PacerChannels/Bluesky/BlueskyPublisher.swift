import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "bluesky"`: `com.atproto.repo.createRecord` of an `app.bsky.feed.post` with a record
/// key fixed per part of a delivery, so that no retry can create a second post.
///
/// A thread is published part by part (``publishesPartByPart``): each part is a record of its own,
/// replying (`reply`) to the thread's first record (`root`) and to the previous part (`parent`) by
/// their URIs and CIDs. Before the first request of a part its record key (a TID, see
/// ``RecordKey``) is written durably (``BlueskyRecordKeys``). A later attempt first asks
/// `com.atproto.repo.getRecord` whether the record exists (then it is published) and otherwise
/// creates it under the same key. Any create that is not answered 2xx is followed by a getRecord
/// in the same attempt, which decides: the reference PDS answers a create over an existing key
/// with `500 InternalServerError`, not a named 4xx. That makes 5xx, timeouts and crashes safe to
/// retry. 429 → retry at `ratelimit-reset` (UNIX seconds) without using an attempt; an expired
/// token is refreshed once; other 4xx → failed. A post beyond ``BlueskyRecordLimits`` or
/// ``mediaLimits`` fails before any request.
///
/// A part's images are uploaded (`com.atproto.repo.uploadBlob`, one at a time) just before its
/// record is created, since a PDS drops a blob no record refers to after a while; a part with a
/// link and no images gets a link card (``LinkCards``), fetched in `prepare` when the part is
/// claimed ahead of its instant. The login is kept by ``BlueskySession`` in `session.json` (mode 0600).
public struct BlueskyPublisher: Publisher {
    public let settings: BlueskySettings
    private let exchange: HTTPExchange
    private let session: BlueskySession
    private let records: BlueskyRecordKeys
    private let linkCards: LinkCards
    private let preparedCards = PreparedLinkCards()

    /// `stateDirectory` is this channel's own directory: the session and the record keys are kept there.
    public init(settings: BlueskySettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger) {
        self.init(settings: settings, httpClient: httpClient, credentials: credentials, stateDirectory: stateDirectory, logger: logger,
                  linkCardTimeout: .seconds(5))
    }

    /// `linkCardTimeout` bounds the making of a link card (tests shorten it).
    init(settings: BlueskySettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger,
         linkCardTimeout: Duration) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.session = BlueskySession(exchange: exchange, settings: settings, credentials: credentials, file: stateDirectory + "/session.json")
        self.records = BlueskyRecordKeys(directory: stateDirectory + "/records")
        self.linkCards = LinkCards(fetcher: PreviewFetcher(client: httpClient, logger: logger), timeout: linkCardTimeout)
    }

    static let collection = "app.bsky.feed.post"

    /// The lexicons' bounds: `app.bsky.embed.images` takes at most 4 images, each a blob of at most
    /// 2,000,000 bytes of any `image/*` type; `alt` has no bound there, and the Bluesky app allows
    /// 2,000 characters, which is what is checked.
    static let limits = MediaLimits(maxImages: 4, maxImageBytes: 2_000_000, maxAltCharacters: 2_000)

    public func mediaLimits() async -> MediaLimits { Self.limits }

    public var publishesPartByPart: Bool { true }

    /// Fetches the link card of a part with a link and no images, ahead of its instant.
    public func prepare(_ publication: Publication, now: Date) async {
        guard publication.images.isEmpty, LinkCards.firstLink(in: publication.text) != nil else { return }
        let card = await linkCards.card(for: publication.text, until: .now + linkCards.timeout)
        preparedCards.keep(card, for: publication.idempotencyKey)
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        await CallDeadline.run(within: settings.timeout) {
            let outcome = await attempt(publication, now: now)
            return outcome.redacting(await session.secrets)
        }
    }

    private func attempt(_ publication: Publication, now: Date) async -> PublishOutcome {
        let violations = BlueskyRecordLimits.violations(text: publication.text, tags: publication.tags) + Self.imageViolations(publication.images)
        guard violations.isEmpty else {
            return .failed(reason: "the post does not fit a Bluesky record: \(violations.joined(separator: "; "))", status: nil)
        }
        var tokens: BlueskySession.Tokens
        switch await session.current(now: now) {
        case .success(let current): tokens = current
        case .failure(let failure): return failure.outcome
        }
        let part = publication.partIndex
        let rkey: String
        do {
            if let existing = try records.read(publication.deliveryID, part: part) {
                rkey = existing
                switch await lookUp(repo: tokens.did, rkey: rkey) {
                case .found(let cid): return published(did: tokens.did, rkey: rkey, contentID: cid)
                case .absent: break
                case .unknown: return .retry(reason: "cannot check whether record \(rkey) exists yet", after: nil, status: nil, consumesAttempt: true)
                }
            } else {
                rkey = try records.make(publication.deliveryID, part: part, at: now)
            }
        } catch {
            return .retry(reason: "cannot keep the record key of delivery \(publication.deliveryID)\(Self.partName(publication)): \(error)",
                          after: nil, status: nil, consumesAttempt: true)
        }
        let reply: BlueskyPost.ReplyRef?
        switch await replyRef(publication.replyTo) {
        case .go(let ref): reply = ref
        case .stop(let outcome): return outcome
        }
        let embed: BlueskyEmbed?
        switch await self.embed(publication, tokens: &tokens, now: now) {
        case .go(let made): embed = made
        case .stop(let outcome): return outcome
        }
        let post = await BlueskyPost.make(publication, createdAt: now, language: settings.language, embed: embed, reply: reply) { handle in
            await resolve(handle)
        }
        let body = JSONBody.encode(CreateRecord(repo: tokens.did, collection: Self.collection, rkey: rkey, record: post))
        let sent = await sendAuthorized(&tokens, now: now) { tokens in
            .postJSON(settings.baseURL.appending("/xrpc/com.atproto.repo.createRecord"), body,
                      headers: [("Authorization", "Bearer \(tokens.access.value)")], secrets: await session.secrets)
        }
        switch sent {
        case .noSession(let outcome):
            return outcome
        case .answer(let reply) where reply.isSuccess:
            var cid = reply.jsonObject?["cid"] as? String
            if cid == nil, case .found(let found) = await lookUp(repo: tokens.did, rkey: rkey) { cid = found }
            return published(did: tokens.did, rkey: rkey, status: reply.status, contentID: cid)
        case .answer(let reply):
            return await refused(reply, did: tokens.did, rkey: rkey, now: now)
        case .noAnswer(.maybeSent(let reason)):
            return .retry(reason: "\(reason); the same record key makes sending again safe", after: nil, status: nil, consumesAttempt: true)
        case .noAnswer(let failure):
            return OutcomeRules.transport(failure)
        }
    }

    /// How a step of a publish ended: with its value, or with the outcome of the whole publish.
    private enum Step<Value> {
        case go(Value)
        case stop(PublishOutcome)
    }

    private struct CreateRecord: Encodable {
        let repo: String
        let collection: String
        let rkey: String
        let record: BlueskyPost
    }

    /// What of `images` the lexicon does not take, each naming the image (empty when all fit).
    static func imageViolations(_ images: [PublicationImage]) -> [String] {
        var found: [String] = []
        if images.count > limits.maxImages {
            found.append("images: \(images.count), Bluesky allows at most \(limits.maxImages); remove \(images.count - limits.maxImages)")
        }
        for (position, image) in images.enumerated() where image.byteCount > limits.maxImageBytes {
            found.append("image \(position + 1): \(image.byteCount) bytes, Bluesky allows at most \(limits.maxImageBytes); make it smaller")
        }
        return found
    }

    /// " part 2", naming a thread's part in reasons; "" for a post that is not a thread.
    private static func partName(_ publication: Publication) -> String {
        publication.isThread ? " part \(publication.partIndex + 1)" : ""
    }

    // MARK: embeds

    /// The part's images, uploaded; else its link card; else nothing.
    private func embed(_ publication: Publication, tokens: inout BlueskySession.Tokens, now: Date) async -> Step<BlueskyEmbed?> {
        if !publication.images.isEmpty {
            var images: [BlueskyEmbed.Image] = []
            for (position, image) in publication.images.enumerated() {
                let bytes: [UInt8]
                do {
                    bytes = try BlueskyImageFile.read(image)
                } catch {
                    return .stop(.failed(reason: "image \(position + 1): \(error)", status: nil))
                }
                switch await upload(bytes, mediaType: image.format.mediaType, tokens: &tokens, now: now) {
                case .go(let blob):
                    images.append(BlueskyEmbed.Image(image: blob, alt: image.alt ?? "",
                                                     aspectRatio: BlueskyEmbed.AspectRatio(width: image.width, height: image.height)))
                case .stop(let outcome):
                    return .stop(outcome.explained("uploading image \(position + 1)"))
                }
            }
            return .go(.images(images))
        }
        guard let card = await linkCard(for: publication) else { return .go(nil) }
        var thumb: BlueskyBlob?
        if let thumbnail = card.thumbnail {
            switch await upload(thumbnail.bytes, mediaType: thumbnail.format.mediaType, tokens: &tokens, now: now, optional: true) {
            case .go(let blob): thumb = blob
            case .stop(let outcome): exchange.logger.info("link card without its preview image: uploading it failed (\(outcome.explanation))")
            }
        }
        return .go(.external(BlueskyEmbed.External(uri: card.uri, title: card.title, description: card.description, thumb: thumb)))
    }

    /// The card `prepare` made, else one made now within the time the call can spare (half of what is left, at most the card's timeout).
    private func linkCard(for publication: Publication) async -> LinkCard? {
        if let prepared = preparedCards.take(publication.idempotencyKey) { return prepared.card }
        guard LinkCards.firstLink(in: publication.text) != nil else { return nil }
        return await linkCards.card(for: publication.text, until: CallDeadline.forRequest(timeout: settings.timeout, optional: true))
    }

    /// `com.atproto.repo.uploadBlob` of `bytes`: the blob, or the outcome of the publish that needed
    /// it. Nothing is posted by an upload, so any failure to get an answer may be tried again.
    private func upload(_ bytes: [UInt8], mediaType: String, tokens: inout BlueskySession.Tokens, now: Date,
                        optional: Bool = false) async -> Step<BlueskyBlob> {
        let sent = await sendAuthorized(&tokens, now: now) { tokens in
            HTTPExchange.Request(method: .post, url: settings.baseURL.appending("/xrpc/com.atproto.repo.uploadBlob"),
                                 headers: [("Content-Type", mediaType), ("Authorization", "Bearer \(tokens.access.value)")],
                                 body: bytes, secrets: await session.secrets, isOptional: optional)
        }
        switch sent {
        case .noSession(let outcome):
            return .stop(outcome)
        case .answer(let reply) where reply.isSuccess:
            guard let blob = BlueskyBlob.fromUploadReply(reply.body) else {
                return .stop(.retry(reason: "uploadBlob answered without a blob (HTTP \(reply.status))", after: nil, status: reply.status, consumesAttempt: true))
            }
            return .go(blob)
        case .answer(let reply) where reply.status == 429:
            return .stop(OutcomeRules.rateLimited(reply, until: Self.resetInstant(reply, now: now)))
        case .answer(let reply):
            return .stop(OutcomeRules.unsuccessful(reply, replaySafe: true))
        case .noAnswer(let failure):
            return .stop(.retry(reason: "\(failure.reason); uploading again is harmless", after: nil, status: nil, consumesAttempt: true))
        }
    }

    // MARK: replies

    /// The strong references of a thread part's root and parent. A reference without its CID (a
    /// store that did not keep it) gets it from the record itself.
    private func replyRef(_ replyTo: ThreadReply?) async -> Step<BlueskyPost.ReplyRef?> {
        guard let replyTo else { return .go(nil) }
        let root: BlueskyPost.StrongRef, parent: BlueskyPost.StrongRef
        switch await strongRef(replyTo.root, role: "root") {
        case .go(let ref): root = ref
        case .stop(let outcome): return .stop(outcome)
        }
        switch await strongRef(replyTo.parent, role: "parent") {
        case .go(let ref): parent = ref
        case .stop(let outcome): return .stop(outcome)
        }
        return .go(BlueskyPost.ReplyRef(root: root, parent: parent))
    }

    private func strongRef(_ part: PublishedPart, role: String) async -> Step<BlueskyPost.StrongRef> {
        if let cid = part.contentID, !cid.isEmpty { return .go(BlueskyPost.StrongRef(uri: part.externalID, cid: cid)) }
        // at://<repo>/<collection>/<rkey>
        let path = part.externalID.hasPrefix("at://") ? part.externalID.dropFirst(5).split(separator: "/").map(String.init) : []
        guard path.count == 3 else {
            return .stop(.failed(reason: "the thread's \(role) \(part.externalID) is not an at:// record URI", status: nil))
        }
        switch await lookUp(repo: path[0], collection: path[1], rkey: path[2]) {
        case .found(let cid?): return .go(BlueskyPost.StrongRef(uri: part.externalID, cid: cid))
        case .absent: return .stop(.failed(reason: "the thread's \(role) \(part.externalID) no longer exists; the reply cannot be posted", status: nil))
        case .found(nil), .unknown:
            return .stop(.retry(reason: "cannot learn the CID of the thread's \(role) \(part.externalID) yet", after: nil, status: nil, consumesAttempt: true))
        }
    }

    // MARK: answers

    /// A create answered with anything but 2xx: the record is looked up, and published when it
    /// exists, whatever the answer said. Otherwise 429 waits for the limit's reset, and an answer
    /// that would fail the delivery does so only when the record is known to be absent.
    private func refused(_ reply: HTTPReply, did: String, rkey: String, now: Date) async -> PublishOutcome {
        let exists = await lookUp(repo: did, rkey: rkey)
        if case .found(let cid) = exists { return published(did: did, rkey: rkey, contentID: cid) }
        if reply.status == 429 { return OutcomeRules.rateLimited(reply, until: Self.resetInstant(reply, now: now)) }
        let outcome = OutcomeRules.unsuccessful(reply, replaySafe: true)
        if case .unknown = exists, case .failed = outcome {
            return .retry(reason: "\(reply.summary); cannot check whether record \(rkey) exists yet", after: nil, status: reply.status, consumesAttempt: true)
        }
        return outcome
    }

    /// A crash between claim and reply: no record key means no request was ever made; otherwise
    /// the record is looked up, and sending again under the same key is safe whatever the answer.
    /// A thread that got past its first part is `notPublished`: each part's next attempt looks its
    /// own record up first, and its answer carries the URI and CID the following part needs.
    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        await CallDeadline.run(within: settings.timeout) { await lookUpInterrupted(deliveryID) }
    }

    private func lookUpInterrupted(_ deliveryID: DeliveryID) async -> Reconciliation {
        let rkey: String?
        do {
            rkey = try records.read(deliveryID, part: 0)
        } catch {
            return .undetermined
        }
        guard let rkey, !records.hasLaterParts(deliveryID) else { return .notPublished }
        if let did = await session.knownDID(), case .found = await lookUp(repo: did, rkey: rkey) {
            return .published(url: Self.url(did: did, rkey: rkey))
        }
        return .notPublished
    }

    // MARK: requests

    /// How a request sent with the session's access token ended.
    private enum Sent {
        case answer(HTTPReply)
        case noAnswer(TransportFailure)
        /// The token had expired and no new one could be had.
        case noSession(PublishOutcome)
    }

    /// Sends the request `make` builds with the access token; when the answer says the token has
    /// expired, renews the session once (updating `tokens`) and sends it again.
    private func sendAuthorized(_ tokens: inout BlueskySession.Tokens, now: Date,
                                _ make: (BlueskySession.Tokens) async -> HTTPExchange.Request) async -> Sent {
        var result = await exchange.send(await make(tokens))
        if case .success(let refused) = result, Self.isExpiredToken(refused) {
            switch await session.renew(after: tokens, now: now) {
            case .success(let renewed): tokens = renewed
            case .failure(let failure): return .noSession(failure.outcome)
            }
            result = await exchange.send(await make(tokens))
        }
        switch result {
        case .success(let reply): return .answer(reply)
        case .failure(let failure): return .noAnswer(failure)
        }
    }

    /// Whether a record exists, and its CID.
    private enum Lookup {
        /// It exists; `cid` is nil only when the PDS did not say.
        case found(cid: String?)
        case absent
        /// The PDS could not say.
        case unknown
    }

    private func lookUp(repo: String, collection: String = Self.collection, rkey: String) async -> Lookup {
        let url = query("/xrpc/com.atproto.repo.getRecord", ["repo": repo, "collection": collection, "rkey": rkey])
        guard case .success(let reply) = await exchange.send(.init(method: .get, url: url)) else { return .unknown }
        if reply.isSuccess { return .found(cid: reply.jsonObject?["cid"] as? String) }
        if (reply.status == 400 || reply.status == 404), (reply.jsonObject?["error"] as? String) == "RecordNotFound" { return .absent }
        return .unknown
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

    /// `status` is the create's answer; nil when a look-up found the record. `contentID` is the
    /// record's CID, which a reply to it needs.
    private func published(did: String, rkey: String, status: Int? = nil, contentID: String?) -> PublishOutcome {
        .published(url: Self.url(did: did, rkey: rkey), externalID: "at://\(did)/\(Self.collection)/\(rkey)", status: status, contentID: contentID)
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

private extension PublishOutcome {
    /// The outcome with `context` before its reason ("uploading image 2: HTTP 400: …").
    func explained(_ context: String) -> PublishOutcome {
        switch self {
        case .published: self
        case let .failed(reason, status): .failed(reason: "\(context): \(reason)", status: status)
        case let .retry(reason, after, status, consumes): .retry(reason: "\(context): \(reason)", after: after, status: status, consumesAttempt: consumes)
        case let .unknown(reason): .unknown(reason: "\(context): \(reason)")
        }
    }

    /// The reason of an outcome that is not `published`.
    var explanation: String {
        switch self {
        case .published: "published"
        case .failed(let reason, _), .retry(let reason, _, _, _), .unknown(let reason): reason
        }
    }
}
