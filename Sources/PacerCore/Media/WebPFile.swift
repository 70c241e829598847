/// A WebP cut into its pieces: the RIFF header, one piece per chunk (EXIF and XMP removed, the
/// rest kept verbatim), then whatever follows the RIFF's stated end.
struct WebPFile {
    var facts: ImageFacts
    var pieces: [ImagePiece]

    /// VP8X flags for the metadata chunks cleaning removes.
    static let exifFlag: UInt8 = 0x08
    static let xmpFlag: UInt8 = 0x04

    init(_ bytes: [UInt8]) throws(ImageError) {
        let reader = ByteReader(bytes: bytes)
        guard reader.matches(Array(ascii: "WEBP"), at: 8), let riffSize = reader.uint32(at: 4, bigEndian: false) else {
            throw .damaged(.webp, "ends inside its header")
        }
        guard riffSize >= 4, reader.has(riffSize, at: 8) else { throw .damaged(.webp, "ends before the length its RIFF header states") }
        let riffEnd = 8 + riffSize
        var pieces = [ImagePiece.keep(0..<12)]
        var offset = 12
        var facts: ImageFacts?
        var hasImage = false
        while offset < riffEnd {
            guard offset + 8 <= riffEnd, let size = reader.uint32(at: offset + 4, bigEndian: false) else { throw .damaged(.webp, "ends inside a chunk") }
            let name = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let end = offset + 8 + size + size % 2  // chunks are padded to an even size
            guard end <= riffEnd else { throw .damaged(.webp, "ends inside its \(name) chunk") }
            let payload = offset + 8..<offset + 8 + size
            if facts == nil { facts = try Self.facts(firstChunk: name, payload: payload, in: reader) }
            hasImage = hasImage || ["VP8 ", "VP8L", "ANMF"].contains(name)
            switch name {
            case "EXIF":
                // Not even the Orientation is kept: WebP puts Exif after the image data, and browsers
                // apply an Orientation only from metadata before it (CSS Images 3).
                let exif = ExifSummary(tiff: bytes[payload])
                let removed = RemovedMetadata(kind: "Exif", hadLocation: exif.hasLocation, hadDevice: exif.namesDevice, byteCount: end - offset)
                pieces.append(ImagePiece(range: offset..<end, fate: .remove(removed)))
            case "XMP ":
                var removed = XMPScan.metadata(kind: "XMP", in: payload, of: reader)
                removed.byteCount = end - offset
                pieces.append(ImagePiece(range: offset..<end, fate: .remove(removed)))
            default:
                pieces.append(.keep(offset..<end))
            }
            offset = end
        }
        guard hasImage, let facts else { throw .damaged(.webp, "has no image data (VP8, VP8L or ANMF chunk)") }
        if let trailer = ImagePiece.trailer(riffEnd..<bytes.count) { pieces.append(trailer) }
        self.facts = facts
        self.pieces = pieces
    }

    /// The size the first chunk states: a simple lossy (VP8) or lossless (VP8L) image, or the
    /// extended format's canvas (VP8X).
    private static func facts(firstChunk name: String, payload: Range<Int>, in reader: ByteReader) throws(ImageError) -> ImageFacts {
        let start = payload.lowerBound
        switch name {
        case "VP8 ":
            guard payload.count >= 10, reader.matches([0x9D, 0x01, 0x2A], at: start + 3),
                let width = reader.uint16(at: start + 6, bigEndian: false), let height = reader.uint16(at: start + 8, bigEndian: false)
            else { throw .damaged(.webp, "has a VP8 frame header it cannot read") }
            return try .checked(.webp, width: width & 0x3FFF, height: height & 0x3FFF)
        case "VP8L":
            guard payload.count >= 5, reader.uint8(at: start) == 0x2F, let bits = reader.uint32(at: start + 1, bigEndian: false) else {
                throw .damaged(.webp, "has a VP8L header it cannot read")
            }
            return try .checked(.webp, width: (bits & 0x3FFF) + 1, height: (bits >> 14 & 0x3FFF) + 1)
        case "VP8X":
            guard payload.count >= 10, let width = reader.uint24LittleEndian(at: start + 4), let height = reader.uint24LittleEndian(at: start + 7) else {
                throw .damaged(.webp, "has a VP8X header it cannot read")
            }
            return try .checked(.webp, width: width + 1, height: height + 1)
        default:
            throw .damaged(.webp, "has \(name) as its first chunk rather than an image (VP8, VP8L or VP8X)")
        }
    }

    /// After chunks were removed: the RIFF size says the new length, and the VP8X flags no longer
    /// announce EXIF or XMP.
    static func fixHeader(of bytes: inout [UInt8]) {
        let riffSize = bytes.count - 8
        bytes[4..<8] = [UInt8(riffSize & 0xFF), UInt8(riffSize >> 8 & 0xFF), UInt8(riffSize >> 16 & 0xFF), UInt8(riffSize >> 24 & 0xFF)]
        if ByteReader(bytes: bytes).matches(Array(ascii: "VP8X"), at: 12), bytes.count > 20 {
            bytes[20] &= ~(exifFlag | xmpFlag)
        }
    }
}
