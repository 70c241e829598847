/// What a channel accepts as a post's images: `pacer add` checks them against it, per channel.
public struct MediaLimits: Sendable, Hashable {
    /// Images per post (per thread part).
    public var maxImages: Int
    /// Bytes per image, after metadata removal.
    public var maxImageBytes: Int
    /// Alt text per image, in characters (grapheme clusters) as the platform counts them.
    public var maxAltCharacters: Int
    /// The formats the platform takes.
    public var formats: Set<ImageFormat>

    public init(maxImages: Int, maxImageBytes: Int, maxAltCharacters: Int, formats: Set<ImageFormat> = Set(ImageFormat.allCases)) {
        self.maxImages = maxImages
        self.maxImageBytes = maxImageBytes
        self.maxAltCharacters = maxAltCharacters
        self.formats = formats
    }

    /// Channels that are not a platform (outbox, command, webhook): Pacer's own bounds, four
    /// images of up to 50 MB, so a post stays a post.
    public static let pacerDefault = MediaLimits(maxImages: 4, maxImageBytes: 50 * 1024 * 1024, maxAltCharacters: 5_000)
}
