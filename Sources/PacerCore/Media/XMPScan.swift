/// Whether an XMP packet (or any other block of text metadata) holds a location or names the
/// device, by the property names XMP uses for them. The packet is removed either way; this only
/// words what the privacy lint reports.
enum XMPScan {
    static let locationMarkers = ["exif:GPS", "GPSLatitude", "GPSLongitude"].map { Array(ascii: $0) }
    static let deviceMarkers = ["tiff:Make", "tiff:Model", "exifEX:BodySerialNumber", "exifEX:LensModel", "aux:SerialNumber", "aux:Lens"].map {
        Array(ascii: $0)
    }

    static func metadata(kind: String, in range: Range<Int>, of reader: ByteReader) -> RemovedMetadata {
        RemovedMetadata(
            kind: kind,
            hadLocation: locationMarkers.contains { reader.contains($0, in: range) },
            hadDevice: deviceMarkers.contains { reader.contains($0, in: range) },
            byteCount: range.count)
    }
}
