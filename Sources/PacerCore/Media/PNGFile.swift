/// A PNG cut into its pieces: the signature, then one piece per chunk up to IEND (metadata chunks
/// removed, the rest kept verbatim with their CRCs), then whatever follows IEND.
struct PNGFile {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    var facts: ImageFacts
    var pieces: [ImagePiece]

    init(_ bytes: [UInt8]) throws(ImageError) {
        let reader = ByteReader(bytes: bytes)
        guard reader.matches(Self.signature, at: 0) else { throw .damaged(.png, "ends inside its signature") }
        var pieces = [ImagePiece.keep(0..<8)]
        var offset = 8
        var facts: ImageFacts?
        var orientation: Int?
        var hasImageData = false
        while true {
            guard offset < bytes.count else { throw .damaged(.png, "ends before its end chunk (IEND)") }
            guard let length = reader.uint32(at: offset, bigEndian: true), reader.has(4, at: offset + 4) else {
                throw .damaged(.png, "ends inside a chunk")
            }
            let type = Array(bytes[offset + 4..<offset + 8])
            let name = String(decoding: type, as: UTF8.self)
            guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .damaged(.png, "has a chunk without a valid type (at byte \(offset))")
            }
            guard length <= 0x7FFF_FFFF, reader.has(length + 12, at: offset) else {
                throw .damaged(.png, "ends inside its \(name) chunk, which says it holds \(length) bytes")
            }
            let end = offset + 12 + length
            let data = offset + 8..<offset + 8 + length
            guard reader.uint32(at: data.upperBound, bigEndian: true) == Int(CRC32.checksum(bytes[offset + 4..<data.upperBound])) else {
                throw .damaged(.png, "has a chunk (\(name)) whose checksum (CRC) does not match its bytes")
            }
            if facts == nil {
                guard name == "IHDR", length == 13, let width = reader.uint32(at: data.lowerBound, bigEndian: true),
                    let height = reader.uint32(at: data.lowerBound + 4, bigEndian: true)
                else { throw .damaged(.png, "does not start with its header chunk (IHDR)") }
                facts = try ImageFacts.checked(.png, width: width, height: height)
            } else if name == "IHDR" {
                throw .damaged(.png, "has a second header chunk (IHDR)")
            }
            hasImageData = hasImageData || name == "IDAT"
            let exif = name == "eXIf" ? ExifSummary(tiff: bytes[data]) : nil
            orientation = orientation ?? exif?.orientation
            pieces.append(ImagePiece(range: offset..<end, fate: PNGMetadata.fate(ofChunk: name, data: data, exif: exif, in: reader)))
            offset = end
            if name == "IEND" {
                guard hasImageData, let facts else { throw .damaged(.png, "has no image data (IDAT)") }
                if let trailer = ImagePiece.trailer(end..<bytes.count) { pieces.append(trailer) }
                self.facts = facts.turned(by: orientation)
                self.pieces = pieces
                return
            }
        }
    }
}
