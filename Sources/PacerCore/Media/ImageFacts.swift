/// What an image's own bytes say it is: its format and its size in pixels (for a platform's
/// aspect ratio and for `pacer show`).
public struct ImageFacts: Sendable, Hashable, Codable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }
}
