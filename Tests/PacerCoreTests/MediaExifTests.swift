import Testing

@testable import PacerCore

/// Reading an Exif block (a TIFF structure) for the privacy lint and the orientation: in either
/// byte order, and without trapping on counts and offsets that lie.
@Suite struct MediaExifTests {
    /// The Exif block of the phone photo (big-endian: GPS, make, model, serial, Orientation 6).
    static func phoneExif() throws -> [UInt8] {
        let photo = try MediaTools.fixture("phone-photo.jpg")
        let start = try #require((0..<photo.count - 6).first { photo[$0..<$0 + 6].elementsEqual(Array("Exif\0\0".utf8)) })
        let length = Int(photo[start - 2]) << 8 | Int(photo[start - 1])
        return Array(photo[start + 6..<start - 2 + length])
    }

    /// Location, device and orientation, in one comparable value.
    static func read(_ tiff: [UInt8]) -> [String] {
        let summary = ExifSummary(tiff: tiff[...])
        return [summary.hasLocation ? "location" : "", summary.namesDevice ? "device" : "", summary.orientation.map { "\($0)" } ?? ""]
    }

    @Test func bothByteOrdersAreRead() throws {
        #expect(Self.read(try Self.phoneExif()) == ["location", "device", "6"])
        // The JPEG segment's payload: "Exif\0\0" first, which the reader skips.
        #expect(Self.read(MediaJPEGSegmentTests.littleEndianExif(orientation: 3)) == ["location", "", "3"])
        #expect(Self.read(ExifOrientationBlock.tiff(orientation: 5)) == ["", "", "5"])
        #expect(Self.read(ExifOrientationBlock.tiff(orientation: 1)) == ["", "", ""])
        #expect(Self.read(ExifOrientationBlock.tiff(orientation: 9)) == ["", "", ""])
    }

    @Test func countsAndOffsetsThatLieAreReadAsFarAsTheBytesGo() throws {
        let exif = try Self.phoneExif()
        for length in 0..<exif.count {
            _ = ExifSummary(tiff: exif[..<length])
        }
        for offset in exif.indices {
            for value: UInt8 in [0x00, 0xFF, 0x7F] {
                var damaged = exif
                damaged[offset] = value
                _ = ExifSummary(tiff: damaged[...])
            }
        }
        // IFD0 says it has 65535 entries and the Exif IFD pointer points far past the end.
        var lying = ExifOrientationBlock.tiff(orientation: 6)
        lying[8] = 0xFF
        lying[9] = 0xFF
        #expect(Self.read(lying) == ["", "", "6"])
    }
}
