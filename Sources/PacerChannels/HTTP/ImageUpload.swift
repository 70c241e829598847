import Foundation
import PacerCore

/// Why a part's images could not all be uploaded: the outcome that ends the attempt. Nothing
/// visible was made yet (creating the post is the commit point), so it is never `unknown`.
struct ImageUploadStop: Error {
    let outcome: PublishOutcome

    init(_ outcome: PublishOutcome) {
        self.outcome = outcome
    }
}

/// What the channels that upload images share: how an image is named in outcomes, and how an
/// upload's answer becomes an outcome.
enum ImageUpload {
    /// "image 2 (sha256 1a2b3c4d5e6f)", and "of part 3" in a thread: the image's position and the
    /// start of its content hash, which `pacer show` lists.
    static func label(_ publication: Publication, index: Int) -> String {
        let image = publication.images[index]
        let part = publication.isThread ? " of part \(publication.partIndex + 1)" : ""
        return "image \(index + 1)\(part) (sha256 \(image.sha256.prefix(12)))"
    }

    /// The outcome of an upload request of the image `label` that did not succeed. An upload is
    /// harmless to repeat, so a lost answer or a gateway timeout is a `retry`; a refusal of the
    /// image (its format, its size) is `failed` naming it; `scopeHint` says which permission an
    /// upload needs, for a 403.
    static func outcome(_ result: Result<HTTPReply, TransportFailure>, label: String, rateLimitReset: (HTTPReply) -> Date?,
                        scopeHint: String) -> PublishOutcome {
        let prefix = "uploading \(label): "
        switch result {
        case .success(let reply) where reply.status == 429:
            return OutcomeRules.rateLimited(reply, until: rateLimitReset(reply)).prefixingReason(prefix)
        case .success(let reply) where reply.status == 403:
            return .failed(reason: prefix + "refused (\(reply.summary)); \(scopeHint)", status: 403)
        case .success(let reply):
            return OutcomeRules.unsuccessful(reply, replaySafe: true).prefixingReason(prefix)
        case .failure(let failure):
            return .retry(reason: prefix + failure.reason + "; nothing was posted", after: nil, status: nil, consumesAttempt: true)
        }
    }

    /// Why the images of `publication`'s part cannot go out on a platform taking `limits` (named
    /// `platform`), naming the first image at fault; nil when they can. Checked before anything
    /// is uploaded: `pacer add` checked them too, but a limit can have changed since.
    static func refusal(_ publication: Publication, limits: MediaLimits, platform: String) -> String? {
        let images = publication.images
        if images.count > limits.maxImages {
            let part = publication.isThread ? "part \(publication.partIndex + 1)" : "the post"
            return "\(part) has \(images.count) images; \(platform) takes at most \(limits.maxImages)"
        }
        for index in images.indices {
            let image = images[index]
            let named = label(publication, index: index)
            if !limits.formats.contains(image.format) {
                let taken = ImageFormat.allCases.filter(limits.formats.contains).map(\.mediaType).joined(separator: ", ")
                return "\(named) is \(image.format.mediaType); \(platform) takes \(taken)"
            }
            if image.byteCount > limits.maxImageBytes {
                return "\(named) has \(image.byteCount) bytes; \(platform) takes at most \(limits.maxImageBytes)"
            }
            if let alt = image.alt, alt.count > limits.maxAltCharacters {
                return "the alt text of \(named) counts \(alt.count) characters; \(platform) allows \(limits.maxAltCharacters)"
            }
        }
        return nil
    }
}

extension PublishOutcome {
    /// The outcome with `prefix` put before its reason (a `published` outcome has none).
    func prefixingReason(_ prefix: String) -> PublishOutcome {
        switch self {
        case .published: self
        case .failed(let reason, let status): .failed(reason: prefix + reason, status: status)
        case .retry(let reason, let after, let status, let consumes): .retry(reason: prefix + reason, after: after, status: status, consumesAttempt: consumes)
        case .unknown(let reason): .unknown(reason: prefix + reason)
        }
    }
}
