/// An image with its location and device metadata removed, pixels untouched: what Pacer stores
/// and uploads.
public struct CleanedImage: Sendable, Hashable {
    public var bytes: [UInt8]
    public var facts: ImageFacts
    /// What was removed, in the order it appeared; empty when the image had nothing to remove.
    public var removed: [RemovedMetadata]

    public init(bytes: [UInt8], facts: ImageFacts, removed: [RemovedMetadata]) {
        self.bytes = bytes
        self.facts = facts
        self.removed = removed
    }
}
