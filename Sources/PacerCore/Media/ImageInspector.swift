/// What an image is, from its bytes alone: the format (by magic bytes, never by name) and the
/// size in pixels. The whole structure is walked, with every length checked against the bytes, so
/// a truncated or damaged file is refused here rather than by a platform at publication.
public enum ImageInspector {
    /// The format (by magic bytes, never by name) and pixel size; throws for anything else or a damaged file.
    /// The size is as displayed: width and height swapped when an Exif Orientation turns the
    /// image a quarter (JPEG, PNG).
    public static func inspect(_ bytes: [UInt8]) throws(ImageError) -> ImageFacts {
        try read(bytes).facts
    }

    /// The facts and the file cut into pieces for ``MetadataRemoval``.
    static func read(_ bytes: [UInt8]) throws(ImageError) -> (facts: ImageFacts, pieces: [ImagePiece]) {
        switch ImageFormat.detect(bytes) {
        case .jpeg:
            let file = try JPEGFile(bytes)
            return (file.facts, file.pieces)
        case .png:
            let file = try PNGFile(bytes)
            return (file.facts, file.pieces)
        case .gif:
            let file = try GIFFile(bytes)
            return (file.facts, file.pieces)
        case .webp:
            let file = try WebPFile(bytes)
            return (file.facts, file.pieces)
        case nil:
            throw .notAnImage(bytes)
        }
    }
}
