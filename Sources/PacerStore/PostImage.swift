import PacerCore

/// An image of a post, as the store records it: the stored file's content address and what the
/// image is. The bytes live in the ``MediaLibrary``, named by `sha256`.
public struct PostImage: Sendable, Hashable {
    /// Lowercase hex SHA-256 of the stored (cleaned) bytes.
    public var sha256: String
    public var facts: ImageFacts
    public var byteCount: Int
    /// The description for people who cannot see it; nil when queued with `--no-alt-text`.
    public var alt: String?
    /// The thread part it belongs to, from 1.
    public var part: Int

    public init(sha256: String, facts: ImageFacts, byteCount: Int, alt: String?, part: Int = 1) {
        self.part = part
        self.sha256 = sha256
        self.facts = facts
        self.byteCount = byteCount
        self.alt = alt
    }
}
