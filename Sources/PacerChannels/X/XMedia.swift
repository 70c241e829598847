import Foundation
import PacerCore

/// Uploads the images of a post, one at a time, with the X API v2: `POST /2/media/upload`
/// (multipart `media`, the image's bytes, `media_category = tweet_image` and `media_type`), whose
/// answer's `data.id` is the media id; then, for an image with alt text, `POST /2/media/metadata`
/// with `{"id", "metadata": {"alt_text": {"text"}}}`. The token needs the `media.write` scope.
struct XMedia {
    let exchange: HTTPExchange
    let baseURL: ServiceURL

    /// What X states for images (docs.x.com, "Media"): 4 per post, 5 MB each, 1000 characters of
    /// alt text. GIFs are left out: the one-request upload takes JPEG, PNG and WebP only.
    static let limits = MediaLimits(maxImages: 4, maxImageBytes: 5_000_000, maxAltCharacters: 1_000, formats: [.jpeg, .png, .webp])

    /// Why the uploads stopped.
    enum Stop: Error {
        /// The outcome that ends the attempt.
        case refused(PublishOutcome)
        /// X refused the token (401): a renewed one may cure it.
        case unauthorized(HTTPReply)
    }

    /// The media ids of the part's images, in order.
    func upload(_ publication: Publication, token: OAuthToken, now: Date) async throws(Stop) -> [String] {
        var ids: [String] = []
        for index in publication.images.indices {
            let image = publication.images[index]
            let label = ImageUpload.label(publication, index: index)
            var body = MultipartBody(expectedBytes: image.byteCount)
            do throws(ImageUploadStop) {
                try body.addImage("media", image, label: label)
            } catch {
                throw .refused(error.outcome)
            }
            body.addField("media_category", "tweet_image")
            body.addField("media_type", image.format.mediaType)
            let upload = HTTPExchange.Request(method: .post, url: baseURL.appending("/2/media/upload"), headers: [
                ("Authorization", "Bearer \(token.access.value)"), ("Content-Type", body.contentType),
            ], upload: body.finished(), secrets: token.secrets)
            let reply = try await send(upload, label: label, channel: publication.channel, now: now)
            guard let id = (reply.jsonObject?["data"] as? [String: Any])?["id"] as? String, !id.isEmpty else {
                throw .refused(.retry(reason: "uploading \(label): HTTP \(reply.status) without the media's id; nothing was posted",
                                      after: nil, status: reply.status, consumesAttempt: true))
            }
            if let alt = image.alt {
                let metadata = HTTPExchange.Request.postJSON(
                    baseURL.appending("/2/media/metadata"), JSONBody.encode(MetadataBody(id: id, alt: alt)),
                    headers: [("Authorization", "Bearer \(token.access.value)")], secrets: token.secrets)
                _ = try await send(metadata, label: "the alt text of \(label)", channel: publication.channel, now: now)
            }
            ids.append(id)
        }
        return ids
    }

    /// `{"id": …, "metadata": {"alt_text": {"text": …}}}`.
    private struct MetadataBody: Encodable {
        struct Metadata: Encodable {
            struct AltText: Encodable { let text: String }
            let altText: AltText
            enum CodingKeys: String, CodingKey { case altText = "alt_text" }
        }

        let id: String
        let metadata: Metadata

        init(id: String, alt: String) {
            self.id = id
            self.metadata = Metadata(altText: .init(text: alt))
        }
    }

    /// The successful reply to `request`, or why not.
    private func send(_ request: HTTPExchange.Request, label: String, channel: String, now: Date) async throws(Stop) -> HTTPReply {
        let answer = await exchange.send(request)
        switch answer {
        case .success(let reply) where reply.isSuccess:
            return reply
        case .success(let reply) where reply.status == 401:
            throw .unauthorized(reply)
        default:
            throw .refused(ImageUpload.outcome(answer, label: label, rateLimitReset: { reply in
                RateLimitReset.unixSeconds(reply.header("x-rate-limit-reset")) ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
            }, scopeHint: "the token needs the media.write scope; run pacer auth \(channel) --force"))
        }
    }
}
