/// Which GIF extensions are metadata. Removed: comments and application extensions (XMP among
/// them) other than looping (NETSCAPE2.0, ANIMEXTS1.0) and the ICC colour profile (ICCRGBG1012).
/// Graphic control (frame timing, transparency) and plain text are part of the picture and kept.
enum GIFMetadata {
    static let keptApplications: Set<String> = ["NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012"]

    static func fate(ofExtension label: Int, block: Range<Int>, in reader: ByteReader) -> ImagePiece.Fate {
        switch label {
        case 0xFE:
            return .remove(RemovedMetadata(kind: "comment", hadLocation: false, hadDevice: false, byteCount: block.count))
        case 0xFF:
            // The first sub-block: 11 bytes, an 8-byte identifier and a 3-byte authentication code.
            let identifierStart = block.lowerBound + 3
            let identifier =
                reader.uint8(at: block.lowerBound + 2) == 11 && reader.has(11, at: identifierStart)
                ? String(decoding: reader.bytes[identifierStart..<identifierStart + 11], as: UTF8.self) : ""
            if keptApplications.contains(identifier) { return .keep }
            let kind = identifier == "XMP DataXMP" ? "XMP" : "GIF application data"
            return .remove(XMPScan.metadata(kind: kind, in: block, of: reader))
        default:
            return .keep
        }
    }
}
