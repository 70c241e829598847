/// A GIF cut into its pieces: the header with the logical screen and global colour table, then one
/// piece per block (image, extension) up to the trailer, then whatever follows it.
struct GIFFile {
    var facts: ImageFacts
    var pieces: [ImagePiece]

    init(_ bytes: [UInt8]) throws(ImageError) {
        let reader = ByteReader(bytes: bytes)
        guard reader.matches(Array(ascii: "GIF87a"), at: 0) || reader.matches(Array(ascii: "GIF89a"), at: 0),
            let width = reader.uint16(at: 6, bigEndian: false), let height = reader.uint16(at: 8, bigEndian: false),
            let flags = reader.uint8(at: 10), reader.has(13, at: 0)
        else { throw .damaged(.gif, "ends inside its header") }
        let facts = try ImageFacts.checked(.gif, width: width, height: height)
        var offset = 13 + Self.colorTableSize(flags)
        guard offset <= bytes.count else { throw .damaged(.gif, "ends inside its colour table") }
        var pieces = [ImagePiece.keep(0..<offset)]
        var hasImage = false
        while true {
            guard let introducer = reader.uint8(at: offset) else { throw .damaged(.gif, "ends before its trailer") }
            switch introducer {
            case 0x2C:  // image descriptor, local colour table, LZW code size, data sub-blocks
                guard let imageFlags = reader.uint8(at: offset + 9) else { throw .damaged(.gif, "ends inside an image descriptor") }
                let dataStart = offset + 10 + Self.colorTableSize(imageFlags) + 1
                guard dataStart <= bytes.count else { throw .damaged(.gif, "ends inside an image descriptor") }
                let end = try Self.subBlocksEnd(from: dataStart, in: reader)
                pieces.append(.keep(offset..<end))
                hasImage = true
                offset = end
            case 0x21:  // extension: label, data sub-blocks
                guard let label = reader.uint8(at: offset + 1) else { throw .damaged(.gif, "ends inside an extension") }
                let end = try Self.subBlocksEnd(from: offset + 2, in: reader)
                pieces.append(ImagePiece(range: offset..<end, fate: GIFMetadata.fate(ofExtension: label, block: offset..<end, in: reader)))
                offset = end
            case 0x3B:
                guard hasImage else { throw .damaged(.gif, "has no image in it") }
                pieces.append(.keep(offset..<offset + 1))
                if let trailer = ImagePiece.trailer(offset + 1..<bytes.count) { pieces.append(trailer) }
                self.facts = facts
                self.pieces = pieces
                return
            default:
                throw .damaged(.gif, "has other bytes where a block should start (at byte \(offset))")
            }
        }
    }

    /// The size of the colour table a descriptor's flags announce (bit 7 set: 3 × 2^(n+1) bytes).
    static func colorTableSize(_ flags: Int) -> Int {
        flags & 0x80 == 0 ? 0 : 3 << ((flags & 0x07) + 1)
    }

    /// The end of the sub-blocks starting at `offset`: each a length byte and that many bytes, the
    /// last of length 0.
    static func subBlocksEnd(from offset: Int, in reader: ByteReader) throws(ImageError) -> Int {
        var offset = offset
        while true {
            guard let length = reader.uint8(at: offset) else { throw .damaged(.gif, "ends inside a block") }
            offset += 1 + length
            if length == 0 { return offset }
        }
    }
}
