/// The image formats Pacer publishes, recognised by their content (magic bytes), never by name.
public enum ImageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case jpeg, png, gif, webp

    /// The media type platforms expect in uploads (`image/jpeg`).
    public var mediaType: String { "image/\(rawValue)" }

    /// The extension of the stored copy and of files written beside an outbox post.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
}
