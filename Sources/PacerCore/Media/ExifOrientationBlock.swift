/// The smallest Exif block that keeps a photo upright: a big-endian TIFF structure holding only
/// IFD0 with the Orientation tag. Phones store photos sideways and rely on this tag; removing it
/// with the rest of the Exif would show the photo rotated.
enum ExifOrientationBlock {
    static func tiff(orientation: Int) -> [UInt8] {
        [
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // "MM", 42, IFD0 at 8
            0x00, 0x01,  // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, UInt8(truncatingIfNeeded: orientation), 0x00, 0x00,  // Orientation, SHORT, 1
            0x00, 0x00, 0x00, 0x00,  // no next IFD
        ]
    }

    /// A JPEG APP1 segment: marker, length, "Exif\0\0", the TIFF structure.
    static func jpegSegment(orientation: Int) -> [UInt8] {
        let payload = Array(ascii: "Exif\0\0") + tiff(orientation: orientation)
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// A PNG eXIf chunk: length, type, the TIFF structure, CRC.
    static func pngChunk(orientation: Int) -> [UInt8] {
        let typeAndData = Array(ascii: "eXIf") + tiff(orientation: orientation)
        return bigEndian32(typeAndData.count - 4) + typeAndData + bigEndian32(Int(CRC32.checksum(typeAndData[...])))
    }

    private static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
