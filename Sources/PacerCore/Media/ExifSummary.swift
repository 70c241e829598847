/// What Pacer reads from an Exif block (a TIFF structure) before removing it: whether it holds a
/// location, whether it names the device, and the orientation to write back.
struct ExifSummary {
    var hasLocation = false
    var namesDevice = false
    /// Orientation (tag 0x0112) when it is one of the seven values that rotate or mirror the
    /// pixels (2-8); nil for 1 ("as stored"), for none and for nonsense.
    var orientation: Int?

    /// IFD0 tags that name the device: Make, Model, Software, HostComputer.
    static let deviceTags: Set<Int> = [0x010F, 0x0110, 0x0131, 0x013C]
    /// Exif IFD tags that name the device or its owner: MakerNote, CameraOwnerName,
    /// BodySerialNumber, LensSpecification, LensMake, LensModel, LensSerialNumber.
    static let exifDeviceTags: Set<Int> = [0x927C, 0xA430, 0xA431, 0xA432, 0xA433, 0xA434, 0xA435]
    static let orientationTag = 0x0112
    static let gpsPointerTag = 0x8825
    static let exifPointerTag = 0x8769

    /// Reads a TIFF structure ("II*\0" or "MM\0*"), with or without the "Exif\0\0" prefix JPEG
    /// puts before it. A damaged block gives what could be read: it is removed all the same.
    init(tiff block: ArraySlice<UInt8>) {
        var tiff = Array(block)
        if tiff.starts(with: Array(ascii: "Exif\0\0")) { tiff.removeFirst(6) }
        let reader = ByteReader(bytes: tiff)
        let bigEndian: Bool
        if reader.matches(Array(ascii: "MM"), at: 0) {
            bigEndian = true
        } else if reader.matches(Array(ascii: "II"), at: 0) {
            bigEndian = false
        } else {
            return
        }
        guard reader.uint16(at: 2, bigEndian: bigEndian) == 42, let ifd0 = reader.uint32(at: 4, bigEndian: bigEndian) else { return }
        var exifIFD: Int?
        for entry in Self.entries(of: ifd0, in: reader, bigEndian: bigEndian) {
            switch entry.tag {
            case Self.gpsPointerTag: hasLocation = true
            case Self.exifPointerTag: exifIFD = reader.uint32(at: entry.valueOffset, bigEndian: bigEndian)
            case Self.orientationTag:
                // SHORT (type 3), one value, held in the entry's first two value bytes.
                if entry.type == 3, let value = reader.uint16(at: entry.valueOffset, bigEndian: bigEndian), (2...8).contains(value) {
                    orientation = value
                }
            case let tag where Self.deviceTags.contains(tag): namesDevice = true
            default: break
            }
        }
        if let exifIFD, Self.entries(of: exifIFD, in: reader, bigEndian: bigEndian).contains(where: { Self.exifDeviceTags.contains($0.tag) }) {
            namesDevice = true
        }
    }

    private struct Entry {
        var tag: Int
        var type: Int
        /// Where the entry's four value bytes are (the value itself when it fits).
        var valueOffset: Int
    }

    /// The entries of the IFD at `offset`, as many as the bytes hold (a count that lies is cut
    /// to what is there).
    private static func entries(of offset: Int, in reader: ByteReader, bigEndian: Bool) -> [Entry] {
        guard let count = reader.uint16(at: offset, bigEndian: bigEndian) else { return [] }
        let fitting = min(count, max(0, (reader.count - offset - 2) / 12))
        return (0..<fitting).compactMap { index in
            let start = offset + 2 + index * 12
            guard let tag = reader.uint16(at: start, bigEndian: bigEndian), let type = reader.uint16(at: start + 2, bigEndian: bigEndian) else {
                return nil
            }
            return Entry(tag: tag, type: type, valueOffset: start + 8)
        }
    }
}
