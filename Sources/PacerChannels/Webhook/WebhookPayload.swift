import Foundation
import PacerCore

/// The JSON document a webhook receives (keys sorted, `title` null when the post has none):
///
/// ```json
/// {"channel":"site","delivery_id":42,"idempotency_key":"pacer-0123456789abcdef-delivery-42",
///  "planned_at":"2026-12-01T09:00:00Z","post_id":7,"tags":["swift"],"text":"Hello","title":null}
/// ```
///
/// A post with images or several parts also has `parts`, each with its `text` and its `images`
/// (``ImageJSON``); `text` is then every part's text, each after a blank line, for a receiver
/// written for posts of one text.
struct WebhookPayload: Encodable {
    let publication: Publication
    /// With `include_media`: what stands for each image's `data`, in the order of the parts, until
    /// ``WebhookBody`` puts the base64 of its bytes there.
    var dataPlaceholders: [String]? = nil

    private enum Key: String, CodingKey {
        case channel, deliveryID = "delivery_id", idempotencyKey = "idempotency_key", parts, plannedAt = "planned_at"
        case postID = "post_id", tags, text, title
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(publication.channel, forKey: .channel)
        try container.encode(publication.deliveryID, forKey: .deliveryID)
        try container.encode(publication.idempotencyKey, forKey: .idempotencyKey)
        try container.encode(ISOInstant.format(publication.plannedAt), forKey: .plannedAt)
        try container.encode(publication.postID, forKey: .postID)
        try container.encode(publication.tags, forKey: .tags)
        try container.encode(publication.wholeText, forKey: .text)
        if let title = publication.title { try container.encode(title, forKey: .title) } else { try container.encodeNil(forKey: .title) }
        if publication.hasPartsOrImages { try container.encode(parts, forKey: .parts) }
    }

    private var parts: [PartJSON] {
        var placeholders = dataPlaceholders?.makeIterator()
        return publication.parts.map { part in
            PartJSON(text: part.text, images: part.images.map { ImageJSON(image: $0, data: placeholders?.next()) })
        }
    }
}

/// JSON as the channels send it: sorted keys, slashes unescaped, so a body is reproducible.
enum JSONBody {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every body is made of strings, numbers and arrays, which always encode.
        return Array((try? encoder.encode(value)) ?? Data())
    }
}
