/// A stretch of an image file and what metadata removal does with it. Each format's reader cuts
/// the whole file into pieces, in order, so that what is kept is copied byte for byte.
struct ImagePiece {
    enum Fate {
        case keep
        case remove(RemovedMetadata)
        /// Removed, with a smaller block written in its place (an Exif block with only the
        /// Orientation tag).
        case replace(RemovedMetadata, with: [UInt8])
    }

    var range: Range<Int>
    var fate: Fate

    static func keep(_ range: Range<Int>) -> ImagePiece { ImagePiece(range: range, fate: .keep) }

    /// The pieces put together: the kept ones verbatim, the replacements in their places, and
    /// what was removed, in order.
    static func assemble(_ pieces: [ImagePiece], of bytes: [UInt8]) -> (bytes: [UInt8], removed: [RemovedMetadata]) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var removed: [RemovedMetadata] = []
        for piece in pieces {
            switch piece.fate {
            case .keep:
                output.append(contentsOf: bytes[piece.range])
            case .remove(let metadata):
                removed.append(metadata)
            case .replace(let metadata, let replacement):
                removed.append(metadata)
                output.append(contentsOf: replacement)
            }
        }
        return (output, removed)
    }

    /// Bytes after the image's own end marker: not part of the image, and sometimes a second
    /// image with its own metadata (a phone's depth map or gain map).
    static func trailer(_ range: Range<Int>) -> ImagePiece? {
        guard !range.isEmpty else { return nil }
        let removed = RemovedMetadata(kind: "data after the image", hadLocation: false, hadDevice: false, byteCount: range.count)
        return ImagePiece(range: range, fate: .remove(removed))
    }
}
