import Foundation
import PacerPOSIX

/// The bytes a webhook sends: the ``WebhookPayload``, and with `include_media` the base64 of each
/// image's bytes as its `data`, read one image and one chunk at a time straight into the body.
///
/// The payload is first encoded with a placeholder for each `data` (a string made unique by a
/// random UUID, so no text of the post can be taken for it); each placeholder is then replaced by
/// the image's base64. The body holds every image once, in base64, and nothing else does.
enum WebhookBody {
    static func make(_ publication: Publication, includingMedia: Bool) throws(SystemCallError) -> [UInt8] {
        let images = publication.parts.flatMap(\.images)
        guard includingMedia, !images.isEmpty else { return JSONBody.encode(WebhookPayload(publication: publication)) }
        let marker = "pacer-media-\(UUID().uuidString)-"
        let placeholders = images.indices.map { "\(marker)\($0)" }
        let skeleton = JSONBody.encode(WebhookPayload(publication: publication, dataPlaceholders: placeholders))
        var body: [UInt8] = []
        body.reserveCapacity(skeleton.count + images.reduce(0) { $0 + ($1.byteCount + 2) / 3 * 4 })
        var rest = skeleton[...]
        for (image, placeholder) in zip(images, placeholders) {
            // The quotes make the match exact: inside another string they would be escaped.
            guard let range = rest.firstRange(of: Array("\"\(placeholder)\"".utf8)) else {
                preconditionFailure("the payload has a data placeholder for every image")
            }
            body += rest[..<range.lowerBound]
            body.append(UInt8(ascii: "\""))
            try ChunkedFile.forEachChunk(of: image.path) { chunk in
                body += Data(chunk).base64EncodedData()
            }
            body.append(UInt8(ascii: "\""))
            rest = rest[range.upperBound...]
        }
        body += rest
        return body
    }
}
