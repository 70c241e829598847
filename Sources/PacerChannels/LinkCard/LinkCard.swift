import PacerCore

/// What a link's page says about itself, for a post that shows it as a card (Bluesky's
/// `app.bsky.embed.external`): taken from the page's Open Graph tags by ``LinkCards``.
struct LinkCard: Sendable, Hashable {
    /// The link as the post's text has it.
    var uri: String
    var title: String
    var description: String
    /// The page's preview image, when it had one that could be fetched and is small enough.
    var thumbnail: Thumbnail?

    /// An image fetched for a card, its format told by its own bytes.
    struct Thumbnail: Sendable, Hashable {
        var bytes: [UInt8]
        var format: ImageFormat
    }
}
