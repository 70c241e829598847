import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "x"`: `POST /2/tweets` with `{"text": …}` and an OAuth 2.0 user token as `Bearer`.
///
/// 201 → published, `data.id` kept and the URL `https://x.com/i/web/status/<id>`; 403 (duplicate
/// content included) and other 4xx → failed with the server's `detail`; 429 → retry at
/// `x-rate-limit-reset` (UNIX seconds) without using an attempt; 5xx or a refused connection →
/// retry. X has no idempotency key, so a request without an answer, and a 504, are `unknown`,
/// and an interrupted delivery cannot be reconciled.
public struct XPublisher: Publisher {
    public let settings: XSettings
    private let exchange: HTTPExchange
    private let credentials: CredentialStore

    public init(settings: XSettings, httpClient: HTTPClient, credentials: CredentialStore, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.credentials = credentials
    }

    private struct Body: Encodable { let text: String }

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
        let request = HTTPExchange.Request.postJSON(settings.baseURL.appending("/2/tweets"), JSONBody.encode(Body(text: publication.text)),
                                                    headers: [("Authorization", "Bearer \(token.value)")], secrets: [token])
        let outcome: PublishOutcome
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            let id = (reply.jsonObject?["data"] as? [String: Any])?["id"] as? String
            outcome = .published(url: id.map { "https://x.com/i/web/status/\($0)" }, externalID: id)
        case .success(let reply) where reply.status == 429:
            let reset = RateLimitReset.unixSeconds(reply.header("x-rate-limit-reset"))
                ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
            outcome = OutcomeRules.rateLimited(reply, until: reset)
        case .success(let reply) where reply.status == 403 && reply.serverMessage.lowercased().contains("duplicate"):
            outcome = .failed(reason: "X refused duplicate content (\(reply.summary))", status: 403)
        case .success(let reply):
            outcome = OutcomeRules.unsuccessful(reply, replaySafe: false)
        case .failure(let failure):
            outcome = OutcomeRules.transport(failure)
        }
        return outcome.redacting([token])
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        .undetermined
    }
}
