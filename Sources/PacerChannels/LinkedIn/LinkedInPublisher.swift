import AsyncHTTPClient
import Foundation
import Logging
import PacerCore

/// `kind = "linkedin"`: `POST /rest/posts` with `Authorization: Bearer`, `LinkedIn-Version: YYYYMM`,
/// `X-Restli-Protocol-Version: 2.0.0` and the documented body (author, commentary in ``LittleText``,
/// `PUBLIC` visibility, main-feed distribution, `PUBLISHED`); a post with images uploads them
/// first (``LinkedInImages``) and names them in `content.media` (one) or `content.multiImage`
/// (two or more), each with its `altText`. LinkedIn has no threads: `pacer add` refuses a thread
/// aimed at it, and one that arrives anyway fails.
///
/// 201 → published, the post's URN from `x-restli-id` kept and the URL
/// `https://www.linkedin.com/feed/update/<urn>/`; 422 `DUPLICATE_POST` → failed with that reason;
/// 426 (a retired `version`) → failed naming the key to change and a current month; 401 → failed
/// with the command that makes a new token; other 4xx → failed; 429 → retry (at `Retry-After` if given) without using an attempt; 5xx or a
/// refused connection → retry. LinkedIn has no idempotency key: a request without an answer, and a
/// 504, are `unknown`, and an interrupted delivery cannot be reconciled.
public struct LinkedInPublisher: Publisher {
    public let settings: LinkedInSettings
    private let exchange: HTTPExchange
    private let credentials: CredentialStore
    private let images: LinkedInImages

    public init(settings: LinkedInSettings, httpClient: HTTPClient, credentials: CredentialStore, logger: Logger) {
        self.settings = settings
        self.exchange = HTTPExchange(client: httpClient, timeout: settings.timeout, logger: logger)
        self.credentials = credentials
        self.images = LinkedInImages(exchange: exchange, settings: settings)
    }

    /// LinkedIn's documented image limits (``LinkedInImages/limits``).
    public func mediaLimits() async -> MediaLimits { LinkedInImages.limits }

    private struct Body: Encodable {
        struct Distribution: Encodable {
            let feedDistribution = "MAIN_FEED"
            let targetEntities: [String] = []
            let thirdPartyDistributionChannels: [String] = []
        }

        /// `{"media": {"id", "altText"}}` for one image, `{"multiImage": {"images": [...]}}` for more.
        struct Content: Encodable {
            struct Image: Encodable {
                let id: String
                let altText: String?
            }

            struct MultiImage: Encodable { let images: [Image] }

            let media: Image?
            let multiImage: MultiImage?

            init?(_ images: [Image]) {
                guard !images.isEmpty else { return nil }
                media = images.count == 1 ? images[0] : nil
                multiImage = images.count > 1 ? MultiImage(images: images) : nil
            }
        }

        let author: String
        let commentary: String
        let visibility = "PUBLIC"
        let distribution = Distribution()
        let content: Content?
        let lifecycleState = "PUBLISHED"
        let isReshareDisabledByAuthor = false
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        await CallDeadline.run(within: settings.timeout) { await attempt(publication, now: now) }
    }

    private func attempt(_ publication: Publication, now: Date) async -> PublishOutcome {
        let token: Secret
        do {
            token = try credentials.oauthCredential(named: settings.credential).token.access
        } catch {
            return .failed(reason: error.description, status: nil)
        }
        guard !publication.isThread else {
            return .failed(reason: "LinkedIn has no threads, and this post has \(publication.parts.count) parts; give [[channel]] "
                           + "\(publication.channel) a text of its own for the post, or leave it out of the post's channels", status: nil)
        }
        if let refusal = ImageUpload.refusal(publication, limits: LinkedInImages.limits, platform: "LinkedIn") {
            return .failed(reason: refusal, status: nil)
        }
        let urns: [String]
        do throws(ImageUploadStop) {
            urns = try await images.upload(publication, token: token, now: now)
        } catch {
            return error.outcome.redacting([token])
        }
        let content = Body.Content(zip(urns, publication.images).map { Body.Content.Image(id: $0, altText: $1.alt) })
        let body = JSONBody.encode(Body(author: settings.author, commentary: LittleText.escape(publication.text), content: content))
        let request = HTTPExchange.Request.postJSON(settings.baseURL.appending("/rest/posts"), body, headers: [
            ("Authorization", "Bearer \(token.value)"),
            ("LinkedIn-Version", settings.version),
            ("X-Restli-Protocol-Version", "2.0.0"),
        ], secrets: [token])
        let outcome: PublishOutcome
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            let urn = reply.header("x-restli-id") ?? reply.header("x-linkedin-id")
            outcome = .published(url: urn.map { "https://www.linkedin.com/feed/update/\($0)/" }, externalID: urn, status: reply.status)
        case .success(let reply) where reply.status == 429:
            outcome = OutcomeRules.rateLimited(reply, until: RateLimitReset.retryAfter(reply.header("retry-after"), now: now))
        case .success(let reply) where reply.status == 422 && String(decoding: reply.body, as: UTF8.self).contains("DUPLICATE_POST"):
            outcome = .failed(reason: "LinkedIn refused it as a duplicate (DUPLICATE_POST); an earlier attempt or the same text was already published", status: 422)
        case .success(let reply) where reply.status == 426:
            outcome = .failed(reason: "LinkedIn no longer supports API version \(settings.version) (\(reply.summary)); set version = "
                              + "\"\(LinkedInVersion.suggested(now: now))\" in [[channel]] \(publication.channel) and reload", status: 426)
        case .success(let reply) where reply.status == 401:
            outcome = .failed(reason: "LinkedIn refused the access token of credential \"\(settings.credential)\" (\(reply.summary)); "
                              + "LinkedIn tokens last 60 days: run pacer auth \(publication.channel) --force", status: 401)
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
