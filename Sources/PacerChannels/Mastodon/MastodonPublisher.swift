import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "mastodon"`: `POST /api/v1/statuses` with `Authorization: Bearer` and the delivery's
/// `Idempotency-Key` (one per thread part), JSON body `{"status", "visibility", "language"}`, with
/// `media_ids` for the part's images, uploaded first (``MastodonMedia``), and `in_reply_to_id`, the
/// previous part, for a thread part after the first: the engine calls it once per part.
///
/// 200 → published with the status's `url` (else `uri`) and `id`; 422 → failed with the server's
/// `error`; 429 → retry at `X-RateLimit-Reset` (ISO 8601) without using an attempt; a refused
/// connection → retry. A text longer than the channel's `max_length`, else than the instance's
/// `max_characters`, as Mastodon counts it (``PlatformText/mastodonLength(of:charactersPerURL:)``,
/// as `pacer add` does) is failed before sending.
///
/// At most once: every request is recorded before it is sent (``UnsettledRequest``). After a
/// request without an answer or a 5xx, the next attempt (or `reconcile` after a crash) first looks
/// for the post among the account's own statuses (``MastodonOwnStatuses``): found → published;
/// absent → sent again, but only once ``pauseBeforeSendingAgain`` has passed since the last
/// request, which a slow server may still be running (Mastodon stores an `Idempotency-Key` only
/// once the status is saved, and many servers ignore it). When the statuses cannot be read, the
/// key alone is relied on, for the hour Mastodon keeps it (``KeyWindow``), and after the pause
/// too; after that hour the delivery is `unknown`.
public struct MastodonPublisher: Publisher {
    public let settings: MastodonSettings
    private let exchange: HTTPExchange
    private let credentials: CredentialStore
    private let instance: MastodonInstance
    private let ownStatuses: MastodonOwnStatuses
    private let media: MastodonMedia
    /// The requests no definite answer has settled yet (``UnsettledRequest``), by delivery.
    private let requests: DeliveryMarks
    private let window: KeyWindow

    /// `stateDirectory` is this channel's own directory; the unanswered requests are kept there.
    public init(settings: MastodonSettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.credentials = credentials
        self.instance = MastodonInstance(exchange: exchange, baseURL: settings.baseURL)
        self.ownStatuses = MastodonOwnStatuses(exchange: exchange, baseURL: settings.baseURL)
        self.media = MastodonMedia(exchange: exchange, baseURL: settings.baseURL)
        self.requests = DeliveryMarks(directory: stateDirectory + "/unanswered")
        self.window = KeyWindow(marks: requests)
    }

    /// How long after a request without an answer Pacer waits before sending the post again when
    /// it is not among the account's statuses: twice the channel's timeout plus 30 s. Pacer gave
    /// up on the request at its timeout; the server, which does not see that at once, gets as long
    /// again, and 30 s more for a queue in front of it.
    var pauseBeforeSendingAgain: TimeInterval { 2 * settings.timeout.seconds + 30 }

    /// The instance's `max_characters` (``MastodonInstance``: v2, else v1; asked until it answers
    /// once, then kept for this publisher's life), or nil when it cannot be asked or announces
    /// none: the caller then assumes Mastodon's 500. Publishing uses the same answer.
    public func instanceMaxCharacters() async -> Int? {
        await instance.announced()?.maxCharacters
    }

    /// Each part of a thread is a status replying to the previous one.
    public var publishesPartByPart: Bool { true }

    /// The instance's image limits (``MastodonInstance``, asked once and kept, as its length limit
    /// is); Mastodon's defaults (4 images, 16 MB, 1500 characters) while it cannot be asked.
    public func mediaLimits() async -> MediaLimits {
        await instance.limits().media
    }

    private struct Body: Encodable {
        let status: String
        let visibility: String
        let language: String?
        let mediaIDs: [String]?
        let inReplyToID: String?

        enum CodingKeys: String, CodingKey {
            case status, visibility, language
            case mediaIDs = "media_ids"
            case inReplyToID = "in_reply_to_id"
        }
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        await CallDeadline.run(within: settings.timeout) { await attempt(publication, now: now) }
    }

    private func attempt(_ publication: Publication, now: Date) async -> PublishOutcome {
        let token: Secret
        do {
            token = try credentials.secret(named: settings.credential)
        } catch {
            return .failed(reason: error.description, status: nil)
        }
        let announced = await instance.announced()
        let limits = announced ?? .defaults
        let length = PlatformText.mastodonLength(of: publication.text, charactersPerURL: limits.charactersPerURL)
        if let maxLength = settings.maxLength {
            guard length <= maxLength else { return .failed(reason: "the text counts \(length) characters; max_length is \(maxLength)", status: nil) }
        } else if length > limits.maxCharacters {
            return .failed(reason: "the text counts \(length) characters; \(settings.baseURL.host) allows \(limits.maxCharacters)", status: nil)
        }
        let delivery = publication.deliveryID
        let earlier: UnsettledRequest?
        do {
            earlier = try requests.unsettledRequest(delivery)
        } catch {
            return .unknown(reason: "cannot read what earlier attempts did (\(error)); not sending again")
        }
        if let earlier, let decision = await beforeSendingAgain(delivery, earlier, token: token, now: now) {
            return decision.redacting([token])
        }
        // Checked before the first request only (an earlier one carried the same images), and
        // only against limits the instance states: Mastodon's defaults are not its limits.
        if earlier == nil, let announced,
           let refusal = ImageUpload.refusal(publication, limits: announced.media, platform: settings.baseURL.host) {
            return .failed(reason: refusal, status: nil)
        }
        let mediaIDs: [String]
        do throws(ImageUploadStop) {
            mediaIDs = try await media.upload(publication, token: token, now: now)
        } catch {
            return error.outcome.redacting([token])
        }
        let digest = MastodonStatusText.digest(publication.text, inReplyTo: publication.replyTo?.parent.externalID, mediaCount: mediaIDs.count)
        do {
            try requests.write(earlier?.sentAgain(at: now) ?? UnsettledRequest(sentAt: now, textDigest: digest), for: delivery)
        } catch {
            return .retry(reason: "not sent: cannot record the request before sending it (\(error))", after: nil, status: nil, consumesAttempt: true)
        }
        let body = JSONBody.encode(Body(status: publication.text, visibility: settings.visibility.rawValue, language: settings.language,
                                        mediaIDs: mediaIDs.isEmpty ? nil : mediaIDs, inReplyToID: publication.replyTo?.parent.externalID))
        let request = HTTPExchange.Request.postJSON(settings.baseURL.appending("/api/v1/statuses"), body, headers: [
            ("Authorization", "Bearer \(token.value)"),
            ("Idempotency-Key", publication.idempotencyKey),
        ], secrets: [token])
        let lookFirst = "; Pacer will look for it among the account's statuses before sending it again"
        let outcome: PublishOutcome
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            let object = reply.jsonObject
            let url = (object?["url"] as? String) ?? (object?["uri"] as? String)
            outcome = .published(url: url, externalID: object?["id"] as? String, status: reply.status)
        case .success(let reply) where reply.status == 429:
            let reset = RateLimitReset.iso8601(reply.header("x-ratelimit-reset"))
                ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
            outcome = OutcomeRules.rateLimited(reply, until: reset)
        case .success(let reply) where reply.status >= 500:
            // A gateway's 502 or 504 can come after Mastodon made the status.
            return .retry(reason: reply.summary + lookFirst, after: now.addingTimeInterval(pauseBeforeSendingAgain), status: reply.status,
                          consumesAttempt: true).redacting([token])
        case .success(let reply):
            outcome = OutcomeRules.unsuccessful(reply, replaySafe: true)
        case .failure(.maybeSent(let reason)):
            return .retry(reason: reason + lookFirst, after: now.addingTimeInterval(pauseBeforeSendingAgain), status: nil,
                          consumesAttempt: true).redacting([token])
        case .failure(let failure):
            outcome = OutcomeRules.transport(failure)
        }
        switch outcome {
        case .published, .failed: try? requests.remove(delivery)
        // Provably not acted upon; only an earlier request can still have made the status.
        case .retry, .unknown: if earlier == nil { try? requests.remove(delivery) }
        }
        return outcome.redacting([token])
    }

    /// Before sending a delivery whose earlier requests are unsettled: the outcome that ends this
    /// attempt without sending (found, not yet, not provable), or nil to send again.
    private func beforeSendingAgain(_ delivery: DeliveryID, _ earlier: UnsettledRequest, token: Secret, now: Date) async -> PublishOutcome? {
        let sentAt = ISOInstant.format(earlier.lastSent)
        switch await find(earlier, claimedAt: nil, token: token) {
        case .found(let url, let id):
            exchange.logger.info("a request at \(sentAt) got no answer; its status is among the account's statuses")
            try? requests.remove(delivery)
            return .published(url: url, externalID: id)
        case .absent:
            break
        case .unreadable(let why):
            guard window.covers(since: earlier.firstSent, now: now) else {
                return .unknown(reason: "a request at \(ISOInstant.format(earlier.firstSent)) got no answer, the account's statuses cannot be read to find it (\(why)), and its Idempotency-Key is honoured for \(Int(window.lifetime / 60)) minutes only; sending again could post twice")
            }
        }
        let resume = earlier.lastSent.addingTimeInterval(pauseBeforeSendingAgain)
        guard now >= resume else {
            return .retry(reason: "a request at \(sentAt) got no answer and may still be running on the server; sending again after \(ISOInstant.format(resume))",
                          after: resume, status: nil, consumesAttempt: false)
        }
        return nil
    }

    /// Looks for the status of `earlier` among the account's own, made since the first request
    /// (or the claim, if earlier) less ``KeyWindow/margin`` for the server's clock. Why it could
    /// not is logged: the person can give the token the read scopes.
    private func find(_ earlier: UnsettledRequest, claimedAt: Date?, token: Secret) async -> MastodonOwnStatuses.Finding {
        guard let digest = earlier.textDigest else { return .unreadable("the text of the earlier request was not recorded") }
        let since = min(earlier.firstSent, claimedAt ?? earlier.firstSent).addingTimeInterval(-window.margin)
        let finding = await ownStatuses.find(digest: digest, since: since, token: token)
        if case .unreadable(let why) = finding {
            exchange.logger.notice("cannot look for a post whose answer was lost among the account's statuses: \(why); relying on the Idempotency-Key's hour")
        }
        return finding
    }

    /// No request recorded → not published (each is recorded before it is sent). Else the
    /// account's statuses tell; when they cannot be read, the key's hour does (``KeyWindow``). A
    /// delivery found absent is sent again by `publish`, after the pause.
    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        await CallDeadline.run(within: settings.timeout) {
            let earlier: UnsettledRequest?
            do {
                earlier = try requests.unsettledRequest(deliveryID)
            } catch {
                return .undetermined
            }
            guard let earlier else { return .notPublished }
            let finding: MastodonOwnStatuses.Finding
            do {
                let token = try credentials.secret(named: settings.credential)
                finding = await find(earlier, claimedAt: claimedAt, token: token)
            } catch {
                finding = .unreadable("\(error)")
            }
            switch finding {
            case .found(let url, _):
                try? requests.remove(deliveryID)
                return .published(url: url)
            case .absent:
                return .notPublished
            case .unreadable:
                return window.covers(since: earlier.firstSent, now: now) ? .notPublished : .undetermined
            }
        }
    }
}
