/// A post record's `embed`: its images (`app.bsky.embed.images`, at most four, each with its alt
/// text and aspect ratio) or a link card (`app.bsky.embed.external`, with an optional thumbnail).
enum BlueskyEmbed: Encodable, Sendable, Hashable {
    case images([Image])
    case external(External)

    /// `app.bsky.embed.images#image`. The lexicon requires `alt`: an image without alt text has "".
    struct Image: Encodable, Sendable, Hashable {
        let image: BlueskyBlob
        let alt: String
        /// `app.bsky.embed.defs#aspectRatio`, the image's width and height in pixels; absent when unknown.
        let aspectRatio: AspectRatio?
    }

    struct AspectRatio: Encodable, Sendable, Hashable {
        let width: Int
        let height: Int

        /// Both at least 1, as the lexicon requires; nil otherwise.
        init?(width: Int, height: Int) {
            guard width >= 1, height >= 1 else { return nil }
            self.width = width
            self.height = height
        }
    }

    /// `app.bsky.embed.external#external`.
    struct External: Encodable, Sendable, Hashable {
        let uri: String
        let title: String
        let description: String
        let thumb: BlueskyBlob?
    }

    private enum Key: String, CodingKey { case type = "$type", images, external }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .images(let images):
            try container.encode("app.bsky.embed.images", forKey: .type)
            try container.encode(images, forKey: .images)
        case .external(let external):
            try container.encode("app.bsky.embed.external", forKey: .type)
            try container.encode(external, forKey: .external)
        }
    }
}
