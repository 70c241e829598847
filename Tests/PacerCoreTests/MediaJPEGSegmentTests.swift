import Testing

@testable import PacerCore

/// Which JPEG segments metadata removal keeps and which it takes out, on the real photo with
/// segments added after SOI: the colour profile and Adobe's colour transform stay, every Exif,
/// XMP (extended XMP too) and application block goes, and so does a second image after EOI.
@Suite struct MediaJPEGSegmentTests {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// A little-endian Exif block with Orientation and a GPS IFD pointer to an empty GPS IFD.
    static func littleEndianExif(orientation: UInt8) -> [UInt8] {
        Array("Exif\0\0".utf8) + [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02, 0x00]
            + [0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00]
            + [0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x26, 0x00, 0x00, 0x00]
            + [0x00, 0x00, 0x00, 0x00]  // no next IFD
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // the GPS IFD at 38: no entries
    }

    static let icc = segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1] + Array(repeating: 0x42, count: 40))
    static let adobe = segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])
    static let extendedXMP = segment(
        0xE1, Array("http://ns.adobe.com/xmp/extension/\0".utf8) + Array(repeating: 0x41, count: 32) + [0, 0, 0, 40, 0, 0, 0, 0]
            + Array("<exif:GPSLatitude>52,31N</exif:GPSLatitude>".utf8))
    static let multiPicture = segment(0xE2, Array("MPF\0".utf8) + Array(repeating: 0, count: 16))
    static let ducky = segment(0xEC, Array("Ducky".utf8) + [0, 1, 0, 4, 0, 0, 0, 80])

    static func photo(inserting segments: [[UInt8]], trailer: [UInt8] = []) throws -> [UInt8] {
        let photo = try MediaTools.fixture("progressive-icc.jpg")
        return Array(photo.prefix(2)) + segments.joined() + Array(photo.dropFirst(2)) + trailer
    }

    @Test func colourSegmentsStayAndEveryOtherApplicationBlockGoes() throws {
        let bytes = try Self.photo(inserting: [Self.icc, Self.littleEndianExif(orientation: 8).segment, Self.adobe, Self.extendedXMP, Self.multiPicture, Self.ducky])
        let cleaned = try MetadataRemoval.clean(bytes)
        let original = try MediaTools.fixture("progressive-icc.jpg")
        let expected = try MetadataRemoval.clean(original).bytes
        #expect(
            cleaned.bytes == Array(expected.prefix(2)) + Self.icc + ExifOrientationBlock.jpegSegment(orientation: 8) + Self.adobe + Array(expected.dropFirst(2)))
        #expect(cleaned.removed.map(\.kind) == ["Exif", "XMP", "multi-picture index", "APP12 block", "Exif"])
        #expect(cleaned.removed[0].hadLocation && !cleaned.removed[0].hadDevice)
        #expect(cleaned.removed[1].hadLocation)
    }

    @Test func theWrittenBackOrientationIsWhatExifToolReads() async throws {
        let bytes = try Self.photo(inserting: [Self.littleEndianExif(orientation: 8).segment])
        let tags = try await MediaTools.metadata(of: try MetadataRemoval.clean(bytes).bytes, fileExtension: "jpg")
        #expect(tags["IFD0:Orientation"] == "8")
        #expect(tags["ExifTool:Warning"] == nil)
        // Stored 48×32, displayed a quarter turned; upside down (3) is not turned a quarter.
        #expect(try ImageInspector.inspect(bytes) == ImageFacts(format: .jpeg, width: 32, height: 48))
        let upsideDown = try Self.photo(inserting: [Self.littleEndianExif(orientation: 3).segment])
        #expect(try ImageInspector.inspect(upsideDown) == ImageFacts(format: .jpeg, width: 48, height: 32))
    }

    @Test func anUprightPhotosExifGoesWhole() throws {
        let bytes = try Self.photo(inserting: [Self.littleEndianExif(orientation: 1).segment])
        let cleaned = try MetadataRemoval.clean(bytes)
        #expect(cleaned.bytes == (try MetadataRemoval.clean(try MediaTools.fixture("progressive-icc.jpg")).bytes))
    }

    @Test func aSecondImageAfterTheEndIsRemoved() throws {
        // A phone's gain map or depth map: a whole JPEG, with its own Exif, after EOI.
        let embedded = try MediaTools.fixture("phone-photo.jpg")
        let bytes = try Self.photo(inserting: [], trailer: embedded)
        let cleaned = try MetadataRemoval.clean(bytes)
        #expect(cleaned.bytes.count < bytes.count - embedded.count)
        #expect(cleaned.removed.last == RemovedMetadata(kind: "data after the image", hadLocation: false, hadDevice: false, byteCount: embedded.count))
        #expect(cleaned.bytes.suffix(2).elementsEqual([0xFF, 0xD9]))
    }
}

extension Array where Element == UInt8 {
    /// An Exif payload as a JPEG APP1 segment.
    fileprivate var segment: [UInt8] { MediaJPEGSegmentTests.segment(0xE1, self) }
}
