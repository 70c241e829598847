import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "x"`: `POST /2/tweets` with `{"text": …}` and an OAuth 2.0 user token as `Bearer`;
/// with `media.media_ids` for the part's images, uploaded first (``XMedia``), and
/// `reply.in_reply_to_tweet_id`, the previous part, for a thread part after the first: the engine
/// calls it once per part.
///
/// The token comes from ``XTokens``: renewed with the refresh token before it expires, and once
/// when X answers 401, after which the post is sent once more. A renewal refused (the grant was
/// revoked or has expired) fails with the command that makes a new one.
///
/// 201 → published, `data.id` kept and the URL `https://x.com/i/web/status/<id>`; 403 (duplicate
/// content included) and other 4xx → failed with the server's `detail`; 429 → retry at
/// `x-rate-limit-reset` (UNIX seconds) without using an attempt; 5xx or a refused connection →
/// retry. X has no idempotency key, so a request without an answer, and a 504, are `unknown`,
/// and an interrupted delivery cannot be reconciled.
public struct XPublisher: Publisher {
    public let settings: XSettings
    private let exchange: HTTPExchange
    private let tokens: XTokens
    private let media: XMedia

    /// `stateDirectory` is this channel's own directory; renewed tokens are kept there (`token.json`).
    public init(settings: XSettings, httpClient: HTTPClient, credentials: CredentialStore, stateDirectory: String, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.tokens = XTokens(exchange: exchange, settings: settings, credentials: credentials, file: OAuthTokenFile(directory: stateDirectory))
        self.media = XMedia(exchange: exchange, baseURL: settings.baseURL)
    }

    /// Each part of a thread is a post replying to the previous one.
    public var publishesPartByPart: Bool { true }

    /// X's documented image limits (``XMedia/limits``).
    public func mediaLimits() async -> MediaLimits { XMedia.limits }

    private struct Body: Encodable {
        struct Media: Encodable {
            let mediaIDs: [String]
            enum CodingKeys: String, CodingKey { case mediaIDs = "media_ids" }
        }

        struct Reply: Encodable {
            let inReplyToTweetID: String
            enum CodingKeys: String, CodingKey { case inReplyToTweetID = "in_reply_to_tweet_id" }
        }

        /// Left out for a post of images only, which X allows.
        let text: String?
        let media: Media?
        let reply: Reply?
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        await CallDeadline.run(within: settings.timeout) { await attempt(publication, now: now) }
    }

    private func attempt(_ publication: Publication, now: Date) async -> PublishOutcome {
        let outcome: PublishOutcome
        switch await tokens.token(now: now, channel: publication.channel) {
        case .success(let token):
            switch await post(publication, with: token, now: now) {
            case .answered(let answered):
                outcome = answered
            case .unauthorized(let reply):
                switch await tokens.token(after: token, status: reply.summary, now: now, channel: publication.channel) {
                case .success(let renewed):
                    switch await post(publication, with: renewed, now: now) {
                    case .answered(let answered): outcome = answered
                    case .unauthorized(let again):
                        outcome = .failed(reason: "X refused the renewed access token of credential \"\(settings.credential)\" (\(again.summary)); "
                                          + "run pacer auth \(publication.channel) --force", status: again.status)
                    }
                case .failure(let failure):
                    outcome = failure.outcome
                }
            }
        case .failure(let failure):
            outcome = failure.outcome
        }
        return outcome.redacting(await tokens.secrets)
    }

    /// What a post's request came to: an outcome, or a 401 that a renewed token may cure.
    private enum PostAnswer {
        case answered(PublishOutcome)
        case unauthorized(HTTPReply)
    }

    /// Uploads the part's images, then sends the post: the post is the commit point, and a 401 on
    /// either, cured by a renewed token, repeats the uploads too (harmless: unused media expire).
    private func post(_ publication: Publication, with token: OAuthToken, now: Date) async -> PostAnswer {
        if let refusal = ImageUpload.refusal(publication, limits: XMedia.limits, platform: "X") {
            return .answered(.failed(reason: refusal, status: nil))
        }
        let mediaIDs: [String]
        do throws(XMedia.Stop) {
            mediaIDs = try await media.upload(publication, token: token, now: now)
        } catch {
            switch error {
            case .refused(let outcome): return .answered(outcome)
            case .unauthorized(let reply): return .unauthorized(reply)
            }
        }
        let body = Body(text: publication.text.isEmpty && !mediaIDs.isEmpty ? nil : publication.text,
                        media: mediaIDs.isEmpty ? nil : Body.Media(mediaIDs: mediaIDs),
                        reply: publication.replyTo.map { Body.Reply(inReplyToTweetID: $0.parent.externalID) })
        let request = HTTPExchange.Request.postJSON(settings.baseURL.appending("/2/tweets"), JSONBody.encode(body),
                                                    headers: [("Authorization", "Bearer \(token.access.value)")], secrets: token.secrets)
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            let id = (reply.jsonObject?["data"] as? [String: Any])?["id"] as? String
            return .answered(.published(url: id.map { "https://x.com/i/web/status/\($0)" }, externalID: id, status: reply.status))
        case .success(let reply) where reply.status == 401:
            return .unauthorized(reply)
        case .success(let reply) where reply.status == 429:
            let reset = RateLimitReset.unixSeconds(reply.header("x-rate-limit-reset"))
                ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
            return .answered(OutcomeRules.rateLimited(reply, until: reset))
        case .success(let reply) where reply.status == 403 && reply.serverMessage.lowercased().contains("duplicate"):
            return .answered(.failed(reason: "X refused duplicate content (\(reply.summary))", status: 403))
        case .success(let reply):
            return .answered(OutcomeRules.unsuccessful(reply, replaySafe: false))
        case .failure(let failure):
            return .answered(OutcomeRules.transport(failure))
        }
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        .undetermined
    }
}
