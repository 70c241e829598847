import Foundation
import PacerCore

/// Uploads the images of a status, one at a time: `POST /api/v2/media` (multipart `file`, and
/// `description`, the alt text). 200 → ready; 202 → the instance processes it in the background,
/// and `GET /api/v1/media/:id` is asked every ``pollInterval`` until it answers 200 (206 while
/// processing), because Mastodon refuses a status whose media are not processed yet. The waiting
/// ends at the call's deadline (``CallDeadline``): then the attempt is a `retry`, and the next one
/// uploads the image again (an unused upload only wastes space on the instance).
struct MastodonMedia {
    let exchange: HTTPExchange
    let baseURL: ServiceURL

    /// How long between two looks at an image the instance is still processing.
    static let pollInterval: Duration = .seconds(1)

    /// The ids of the part's uploaded images, in order.
    func upload(_ publication: Publication, token: Secret, now: Date) async throws(ImageUploadStop) -> [String] {
        var ids: [String] = []
        for index in publication.images.indices {
            ids.append(try await upload(publication, index: index, token: token, now: now))
        }
        return ids
    }

    private func upload(_ publication: Publication, index: Int, token: Secret, now: Date) async throws(ImageUploadStop) -> String {
        let image = publication.images[index]
        let label = ImageUpload.label(publication, index: index)
        let channel = publication.channel
        var body = MultipartBody(expectedBytes: image.byteCount)
        try body.addImage("file", image, label: label)
        if let alt = image.alt { body.addField("description", alt) }
        let request = HTTPExchange.Request(method: .post, url: baseURL.appending("/api/v2/media"), headers: [
            ("Authorization", "Bearer \(token.value)"), ("Content-Type", body.contentType),
        ], upload: body.finished(), secrets: [token])
        let answer = await exchange.send(request)
        guard case .success(let reply) = answer, reply.status == 200 || reply.status == 202 else {
            throw ImageUploadStop(outcome(answer, label: label, channel: channel, now: now))
        }
        guard let id = reply.jsonObject?["id"] as? String, !id.isEmpty else {
            throw ImageUploadStop(.retry(reason: "uploading \(label): HTTP \(reply.status) without the media's id; nothing was posted",
                                         after: nil, status: reply.status, consumesAttempt: true))
        }
        if reply.status == 202 { try await waitUntilProcessed(id, label: label, channel: channel, token: token, now: now) }
        return id
    }

    /// Returns once the instance has processed media `id`.
    private func waitUntilProcessed(_ id: String, label: String, channel: String, token: Secret, now: Date) async throws(ImageUploadStop) {
        let url = baseURL.appending("/api/v1/media/\(id)")
        while true {
            guard let left = CallDeadline.timeLeft, left > Self.pollInterval else {
                throw ImageUploadStop(.retry(reason: "\(label) was still being processed by the instance when the channel's timeout ran out; "
                                             + "nothing was posted, the next attempt uploads it again", after: nil, status: nil, consumesAttempt: true))
            }
            try? await Task.sleep(for: Self.pollInterval)
            let answer = await exchange.send(.init(method: .get, url: url, headers: [("Authorization", "Bearer \(token.value)")], secrets: [token]))
            switch answer {
            case .success(let reply) where reply.status == 200:
                return
            case .success(let reply) where reply.status == 206:
                continue
            default:
                throw ImageUploadStop(outcome(answer, label: label, channel: channel, now: now))
            }
        }
    }

    private func outcome(_ answer: Result<HTTPReply, TransportFailure>, label: String, channel: String, now: Date) -> PublishOutcome {
        ImageUpload.outcome(answer, label: label, rateLimitReset: { reply in
            RateLimitReset.iso8601(reply.header("x-ratelimit-reset")) ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now)
        }, scopeHint: "the token needs the write:media scope; run pacer auth \(channel) --force")
    }
}
