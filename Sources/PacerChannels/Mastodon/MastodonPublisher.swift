import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "mastodon"`: `POST /api/v1/statuses` with `Authorization: Bearer` and the delivery's
/// `Idempotency-Key`, JSON body `{"status", "visibility", "language"}`.
///
/// 200 → published with the status's `url` (else `uri`) and `id`; 422 → failed with the server's
/// `error`; 429 → retry at `X-RateLimit-Reset` (ISO 8601) without using an attempt; 5xx or a
/// refused connection → retry; a request without an answer → sent again with the same key while
/// Mastodon honours it (one hour, see ``KeyWindow``), else `unknown`. A text longer than the
/// channel's `max_length`, else than the instance's `max_characters`, as Mastodon counts it
/// (``PlatformText/mastodonLength(of:charactersPerURL:)``, as `pacer add` does) is failed before sending.
public struct MastodonPublisher: Publisher {
    public let settings: MastodonSettings
    private let exchange: HTTPExchange
    private let credentials: CredentialStore
    private let instance: MastodonInstance
    private let window: KeyWindow

    /// `stateDirectory` is this channel's own directory; the unanswered requests are kept there.
    public init(settings: MastodonSettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.credentials = credentials
        self.instance = MastodonInstance(exchange: exchange, baseURL: settings.baseURL)
        self.window = KeyWindow(marks: DeliveryMarks(directory: stateDirectory + "/unanswered"))
    }

    /// The instance's `max_characters` (``MastodonInstance``: v2, else v1; asked until it answers
    /// once, then kept for this publisher's life), or nil when it cannot be asked or announces
    /// none: the caller then assumes Mastodon's 500. Publishing uses the same answer.
    public func instanceMaxCharacters() async -> Int? {
        await instance.announced()?.maxCharacters
    }

    private struct Body: Encodable {
        let status: String
        let visibility: String
        let language: String?
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
        let limits = await instance.limits()
        let length = PlatformText.mastodonLength(of: publication.text, charactersPerURL: limits.charactersPerURL)
        if let maxLength = settings.maxLength {
            guard length <= maxLength else { return .failed(reason: "the text counts \(length) characters; max_length is \(maxLength)", status: nil) }
        } else if length > limits.maxCharacters {
            return .failed(reason: "the text counts \(length) characters; \(settings.baseURL.host) allows \(limits.maxCharacters)", status: nil)
        }
        if let refusal = window.checkBeforeSending(publication.deliveryID, now: now) { return refusal }
        let body = JSONBody.encode(Body(status: publication.text, visibility: settings.visibility.rawValue, language: settings.language))
        let request = HTTPExchange.Request.postJSON(settings.baseURL.appending("/api/v1/statuses"), body, headers: [
            ("Authorization", "Bearer \(token.value)"),
            ("Idempotency-Key", publication.idempotencyKey),
        ], secrets: [token])
        let outcome: PublishOutcome
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            let object = reply.jsonObject
            let url = (object?["url"] as? String) ?? (object?["uri"] as? String)
            outcome = .published(url: url, externalID: object?["id"] as? String)
        case .success(let reply) where reply.status == 429:
            let reset = RateLimitReset.iso8601(reply.header("x-ratelimit-reset"))
                ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
            outcome = OutcomeRules.rateLimited(reply, until: reset)
        case .success(let reply):
            outcome = OutcomeRules.unsuccessful(reply, replaySafe: true)
        case .failure(.maybeSent(let reason)):
            return window.unanswered(publication.deliveryID, now: now, reason: reason).redacting([token])
        case .failure(let failure):
            outcome = OutcomeRules.transport(failure)
        }
        if case .published = outcome { window.settled(publication.deliveryID) }
        if case .failed = outcome { window.settled(publication.deliveryID) }
        return outcome.redacting([token])
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        window.reconcile(deliveryID, claimedAt: claimedAt, now: now)
    }
}
