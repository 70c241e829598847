import PacerCore

/// An image as a command's manifest and a webhook's body describe it (keys sorted when encoded):
/// `alt` (null when it has none), `bytes`, `height`, `sha256`, `type` (its media type), `width`, and
/// where it is: its `path` in a manifest, its base64 `data` in a webhook body with `include_media`.
struct ImageJSON: Encodable {
    let image: PublicationImage
    var path: String? = nil
    var data: String? = nil

    private enum Key: String, CodingKey {
        case alt, bytes, data, height, path, sha256, type, width
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if let alt = image.alt { try container.encode(alt, forKey: .alt) } else { try container.encodeNil(forKey: .alt) }
        try container.encode(image.byteCount, forKey: .bytes)
        try container.encodeIfPresent(data, forKey: .data)
        try container.encode(image.height, forKey: .height)
        try container.encodeIfPresent(path, forKey: .path)
        try container.encode(image.sha256, forKey: .sha256)
        try container.encode(image.format.mediaType, forKey: .type)
        try container.encode(image.width, forKey: .width)
    }
}

/// A part of a post as a command's manifest and a webhook's body describe it: `images` and `text`.
struct PartJSON: Encodable {
    let text: String
    let images: [ImageJSON]
}
