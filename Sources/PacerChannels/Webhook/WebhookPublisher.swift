import AsyncHTTPClient
import Foundation
import Logging
import PacerCore
import PacerPOSIX

/// `kind = "webhook"`: POSTs the ``WebhookPayload`` JSON with `Idempotency-Key`, the Standard
/// Webhooks headers `webhook-id` (the same key) and `webhook-timestamp` (the send instant in UNIX
/// seconds) and, when a `secret` is set, `webhook-signature` (see ``WebhookSigningKey``). The body
/// describes a post's images; with `include_media` it carries their bytes too (``WebhookBody``).
///
/// 2xx → published (a JSON `url`, and `id`, in the reply are kept); 429 → retry after `Retry-After`
/// without using an attempt; 5xx, 408, a refused connection → retry; other 4xx and redirects →
/// failed. A request that got no answer, or a 5xx, is sent again with the same key while the
/// receiver is bound to honour it (one hour, see ``KeyWindow``), else the delivery is `unknown`.
public struct WebhookPublisher: Publisher {
    public let settings: WebhookSettings
    private let exchange: HTTPExchange
    private let credentials: CredentialStore
    private let window: KeyWindow

    /// `stateDirectory` is this channel's own directory; the unanswered requests are kept there.
    public init(settings: WebhookSettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.credentials = credentials
        self.window = KeyWindow(marks: DeliveryMarks(directory: stateDirectory + "/unanswered"))
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        await CallDeadline.run(within: settings.timeout) { await attempt(publication, now: now) }
    }

    private func attempt(_ publication: Publication, now: Date) async -> PublishOutcome {
        var secrets: [Secret] = []
        var headers = settings.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let timestamp = Int(now.timeIntervalSince1970.rounded(.down))
        headers += [("Idempotency-Key", publication.idempotencyKey), ("webhook-id", publication.idempotencyKey), ("webhook-timestamp", String(timestamp))]
        let body: [UInt8]
        do throws(SystemCallError) {
            body = try WebhookBody.make(publication, includingMedia: settings.includeMedia)
        } catch {
            return .failed(reason: "cannot read an image of the post: \(error)", status: nil)
        }
        if let name = settings.secretCredential {
            do {
                let key = try WebhookSigningKey(credentials.secret(named: name), credential: name)
                secrets += key.secrets
                headers.append(("webhook-signature", key.signature(id: publication.idempotencyKey, timestamp: timestamp, body: body)))
            } catch {
                return .failed(reason: error.description, status: nil)
            }
        }
        if let refusal = window.checkBeforeSending(publication.deliveryID, now: now) { return refusal }
        let outcome: PublishOutcome
        switch await exchange.send(.postJSON(settings.url.absoluteString, body, headers: headers, secrets: secrets)) {
        case .success(let reply) where reply.isSuccess:
            let object = reply.jsonObject
            let id = (object?["id"] as? String) ?? (object?["id"] as? Int).map(String.init)
            outcome = .published(url: object?["url"] as? String, externalID: id, status: reply.status)
        case .success(let reply) where reply.status == 429:
            outcome = OutcomeRules.rateLimited(reply, until: RateLimitReset.retryAfter(reply.header("retry-after"), now: now))
        case .success(let reply) where reply.status >= 500:
            return window.unanswered(publication.deliveryID, now: now, reason: reply.summary, status: reply.status).redacting(secrets)
        case .success(let reply):
            outcome = OutcomeRules.unsuccessful(reply, replaySafe: true)
        case .failure(.maybeSent(let reason)):
            return window.unanswered(publication.deliveryID, now: now, reason: reason).redacting(secrets)
        case .failure(let failure):
            outcome = OutcomeRules.transport(failure)
        }
        if case .published = outcome { window.settled(publication.deliveryID) }
        if case .failed = outcome { window.settled(publication.deliveryID) }
        return outcome.redacting(secrets)
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        window.reconcile(deliveryID, claimedAt: claimedAt, now: now)
    }
}
