/// Which JPEG segments before the image data are metadata, and what each one held. Kept: what
/// decoding needs (DQT, DHT, SOF, DRI…), APP0 (JFIF), the ICC colour profile (APP2) and Adobe's
/// colour transform (APP14). Removed: Exif and XMP (APP1), Photoshop/IPTC (APP13), comments and
/// the other applications' blocks. An Exif Orientation other than 1 is written back on its own.
enum JPEGMetadata {
    static let exifSignature = Array(ascii: "Exif\0\0")
    static let xmpSignature = Array(ascii: "http://ns.adobe.com/xap/1.0/\0")
    static let extendedXMPSignature = Array(ascii: "http://ns.adobe.com/xmp/extension/\0")
    static let iccSignature = Array(ascii: "ICC_PROFILE\0")
    static let multiPictureSignature = Array(ascii: "MPF\0")

    /// What an Exif segment holds; nil for other segments.
    static func exif(ofMarker marker: Int, payload: Range<Int>, in reader: ByteReader) -> ExifSummary? {
        guard marker == 0xE1, reader.matches(exifSignature, at: payload.lowerBound), exifSignature.count <= payload.count else { return nil }
        return ExifSummary(tiff: reader.bytes[payload.lowerBound + exifSignature.count..<payload.upperBound])
    }

    /// `exif` is what ``exif(ofMarker:payload:in:)`` read from the same segment.
    static func fate(ofMarker marker: Int, payload: Range<Int>, exif: ExifSummary?, in reader: ByteReader) -> ImagePiece.Fate {
        let segmentBytes = payload.count + 4
        if let exif {
            let removed = RemovedMetadata(kind: "Exif", hadLocation: exif.hasLocation, hadDevice: exif.namesDevice, byteCount: segmentBytes)
            guard let orientation = exif.orientation else { return .remove(removed) }
            let written = ExifOrientationBlock.jpegSegment(orientation: orientation)
            // Already cleaned: nothing but the Orientation, exactly as Pacer writes it.
            return reader.matches(written, at: payload.lowerBound - 4) && written.count == segmentBytes ? .keep : .replace(removed, with: written)
        }
        func starts(with signature: [UInt8]) -> Bool { reader.matches(signature, at: payload.lowerBound) && signature.count <= payload.count }
        switch marker {
        case 0xE0, 0xEE:
            return .keep
        case 0xE1 where starts(with: xmpSignature) || starts(with: extendedXMPSignature), 0xED:
            var removed = XMPScan.metadata(kind: marker == 0xED ? "IPTC" : "XMP", in: payload, of: reader)
            removed.byteCount = segmentBytes
            return .remove(removed)
        case 0xE2 where starts(with: iccSignature):
            return .keep
        case 0xE2 where starts(with: multiPictureSignature):
            return .remove(RemovedMetadata(kind: "multi-picture index", hadLocation: false, hadDevice: false, byteCount: segmentBytes))
        case 0xE1...0xEF:
            return .remove(RemovedMetadata(kind: "APP\(marker - 0xE0) block", hadLocation: false, hadDevice: false, byteCount: segmentBytes))
        case 0xFE:
            return .remove(RemovedMetadata(kind: "comment", hadLocation: false, hadDevice: false, byteCount: segmentBytes))
        default:
            return .keep
        }
    }
}
