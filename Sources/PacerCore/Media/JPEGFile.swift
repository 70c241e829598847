/// A JPEG cut into its pieces: SOI, the segments before the image data (each one a piece, so
/// metadata can be removed), the image data from the first SOS through EOI (one piece, copied
/// byte for byte), and whatever follows EOI.
struct JPEGFile {
    var facts: ImageFacts
    var pieces: [ImagePiece]

    init(_ bytes: [UInt8]) throws(ImageError) {
        let reader = ByteReader(bytes: bytes)
        guard reader.matches([0xFF, 0xD8], at: 0) else { throw .damaged(.jpeg, "ends inside its start marker") }
        var pieces = [ImagePiece.keep(0..<2)]
        var offset = 2
        var size: (width: Int, height: Int)?
        var orientation: Int?
        while true {
            let start = offset
            guard reader.uint8(at: offset) == 0xFF else {
                throw offset < bytes.count
                    ? .damaged(.jpeg, "has other bytes where a segment should start (at byte \(offset))") : .damaged(.jpeg, "ends before its image data")
            }
            // A marker may be preceded by any number of 0xFF fill bytes.
            while reader.uint8(at: offset) == 0xFF { offset += 1 }
            guard let marker = reader.uint8(at: offset) else { throw .damaged(.jpeg, "ends inside a segment") }
            offset += 1
            if marker == 0x00 {
                throw .damaged(.jpeg, "has other bytes where a segment should start (at byte \(start))")
            }
            if marker == 0xD8 || marker == 0xD9 {
                throw .damaged(.jpeg, marker == 0xD9 ? "ends before its image data" : "has a second start marker inside it")
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {  // TEM and RSTn stand alone, without a length
                pieces.append(.keep(start..<offset))
                continue
            }
            let end = try Self.segmentEnd(lengthAt: offset, in: reader)
            if Self.isFrameHeader(marker), size == nil {
                guard let height = reader.uint16(at: offset + 3, bigEndian: true), let width = reader.uint16(at: offset + 5, bigEndian: true),
                    end - offset >= 8
                else { throw .damaged(.jpeg, "has a frame header (SOF) too short to hold the image's size") }
                size = (width, height)
            }
            if marker == 0xDA {
                guard let size else { throw .damaged(.jpeg, "has no frame header (SOF) before its image data") }
                let imageEnd = try Self.endOfImageData(after: end, in: reader)
                pieces.append(.keep(start..<imageEnd))
                if let trailer = ImagePiece.trailer(imageEnd..<bytes.count) { pieces.append(trailer) }
                self.facts = try ImageFacts.checked(.jpeg, width: size.width, height: size.height).turned(by: orientation)
                self.pieces = pieces
                return
            }
            let payload = offset + 2..<end
            let exif = JPEGMetadata.exif(ofMarker: marker, payload: payload, in: reader)
            pieces.append(ImagePiece(range: start..<end, fate: JPEGMetadata.fate(ofMarker: marker, payload: payload, exif: exif, in: reader)))
            orientation = orientation ?? exif?.orientation
            offset = end
        }
    }

    /// SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    static func isFrameHeader(_ marker: Int) -> Bool {
        (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
    }

    /// The end of the segment whose two-byte length (which counts itself) is at `offset`.
    private static func segmentEnd(lengthAt offset: Int, in reader: ByteReader) throws(ImageError) -> Int {
        guard let length = reader.uint16(at: offset, bigEndian: true) else { throw .damaged(.jpeg, "ends inside a segment") }
        guard length >= 2 else { throw .damaged(.jpeg, "has a segment whose length (\(length)) is shorter than its length field") }
        guard reader.has(length, at: offset) else { throw .damaged(.jpeg, "ends inside a segment") }
        return offset + length
    }

    /// The end of EOI, found by walking the entropy-coded data (where 0xFF is always followed by
    /// 0x00 or a restart marker) and the segments between a progressive JPEG's scans.
    private static func endOfImageData(after offset: Int, in reader: ByteReader) throws(ImageError) -> Int {
        let bytes = reader.bytes
        var offset = offset
        while true {
            guard let found = bytes[offset...].firstIndex(of: 0xFF) else {
                throw .damaged(.jpeg, "ends inside its image data, before its end marker (EOI)")
            }
            var next = found + 1
            while reader.uint8(at: next) == 0xFF { next += 1 }
            guard let marker = reader.uint8(at: next) else { throw .damaged(.jpeg, "ends inside its image data, before its end marker (EOI)") }
            switch marker {
            case 0xD9:
                return next + 1
            case 0x00, 0x01, 0xD0...0xD7:  // a stuffed 0xFF byte, TEM, a restart marker
                offset = next + 1
            case 0xD8:
                throw .damaged(.jpeg, "has a second start marker inside its image data")
            default:  // DHT, SOS, DQT, DRI… between scans
                offset = try segmentEnd(lengthAt: next + 1, in: reader)
            }
        }
    }
}
