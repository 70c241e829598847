import Foundation
import NIOCore
import PacerCore

/// Uploads the images of a post with LinkedIn's Images API, one at a time:
/// `POST /rest/images?action=initializeUpload` with `{"initializeUploadRequest": {"owner"}}`,
/// whose answer's `value` names the image (`urn:li:image:…`) and an `uploadUrl`; then a `PUT` of
/// the image's bytes to that URL. The post then refers to the images by their URNs.
struct LinkedInImages {
    let exchange: HTTPExchange
    let settings: LinkedInSettings

    /// What LinkedIn states: a multi-image post has 2 to 20 images (MultiImage API); JPEG, PNG and
    /// GIF, under 36,152,320 pixels (Images API); alt text up to 4086 characters (Posts API). It
    /// states no size in bytes: Pacer's own bound stands in.
    static let limits = MediaLimits(maxImages: 20, maxImageBytes: MediaLimits.pacerDefault.maxImageBytes, maxAltCharacters: 4_086,
                                    formats: [.jpeg, .png, .gif])
    /// Images must have fewer pixels (width × height) than this.
    static let maxPixels = 36_152_320

    /// The URNs of the post's images, in order.
    func upload(_ publication: Publication, token: Secret, now: Date) async throws(ImageUploadStop) -> [String] {
        for index in publication.images.indices {
            let image = publication.images[index]
            guard image.width * image.height < Self.maxPixels else {
                throw ImageUploadStop(.failed(reason: "\(ImageUpload.label(publication, index: index)) has \(image.width) × \(image.height) pixels; "
                                              + "LinkedIn takes fewer than \(Self.maxPixels)", status: nil))
            }
        }
        var urns: [String] = []
        for index in publication.images.indices {
            urns.append(try await upload(publication, index: index, token: token, now: now))
        }
        return urns
    }

    private func upload(_ publication: Publication, index: Int, token: Secret, now: Date) async throws(ImageUploadStop) -> String {
        let image = publication.images[index]
        let label = ImageUpload.label(publication, index: index)
        struct Owner: Encodable { let owner: String }
        struct Initialize: Encodable { let initializeUploadRequest: Owner }
        let initialize = HTTPExchange.Request.postJSON(
            settings.baseURL.appending("/rest/images?action=initializeUpload"), JSONBody.encode(Initialize(initializeUploadRequest: Owner(owner: settings.author))),
            headers: [("Authorization", "Bearer \(token.value)"), ("LinkedIn-Version", settings.version), ("X-Restli-Protocol-Version", "2.0.0")],
            secrets: [token])
        let answer = await exchange.send(initialize)
        guard case .success(let reply) = answer, reply.isSuccess else {
            throw ImageUploadStop(outcome(answer, label: label, channel: publication.channel, now: now))
        }
        let value = reply.jsonObject?["value"] as? [String: Any]
        guard let urn = value?["image"] as? String, !urn.isEmpty, let uploadURL = value?["uploadUrl"] as? String else {
            throw ImageUploadStop(.retry(reason: "uploading \(label): HTTP \(reply.status) without the image's URN and uploadUrl; nothing was posted",
                                         after: nil, status: reply.status, consumesAttempt: true))
        }
        let target: ServiceURL
        do throws(ChannelSettingsError) {
            target = try ServiceURL(uploadURL, key: "uploadUrl", allowingQuery: true)
        } catch {
            throw ImageUploadStop(.failed(reason: "uploading \(label): LinkedIn named an upload URL Pacer does not send to (\(error.message))", status: nil))
        }
        var bytes = ByteBufferAllocator().buffer(capacity: image.byteCount + StoredImageBytes.readSlack)
        try StoredImageBytes.append(image, label: label, to: &bytes)
        var headers = [("Content-Type", "application/octet-stream")]
        if sendsToken(to: target) { headers.append(("Authorization", "Bearer \(token.value)")) }
        let put = await exchange.send(HTTPExchange.Request(method: .put, url: target.absoluteString, headers: headers, upload: bytes, secrets: [token]))
        guard case .success(let stored) = put, stored.isSuccess else {
            throw ImageUploadStop(outcome(put, label: label, channel: publication.channel, now: now))
        }
        return urn
    }

    /// The upload URL gets the token (as LinkedIn's documentation sends it) only on LinkedIn's own
    /// hosts, or on `base_url`'s host (a test's loopback server).
    private func sendsToken(to target: ServiceURL) -> Bool {
        target.host == settings.baseURL.host || target.host == "linkedin.com" || target.host.hasSuffix(".linkedin.com")
    }

    private func outcome(_ answer: Result<HTTPReply, TransportFailure>, label: String, channel: String, now: Date) -> PublishOutcome {
        ImageUpload.outcome(answer, label: label, rateLimitReset: { RateLimitReset.retryAfter($0.header("retry-after"), now: now) },
                            scopeHint: "the token needs the w_member_social scope (w_organization_social for a page); run pacer auth \(channel) --force")
    }
}
