import Testing

@testable import PacerCore

/// One of the images in Fixtures/Media: a small real image with location and device metadata
/// written into it by ExifTool, and what it is.
struct MediaFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var format: ImageFormat
    /// The size as displayed (turned by the orientation), which is what Pacer reports.
    var width: Int
    var height: Int
    /// The Exif Orientation a viewer must still see after cleaning, when it rotates the photo.
    var orientation: Int?

    var fileExtension: String { String(name.split(separator: ".").last ?? "") }
    var testDescription: String { name }

    func bytes() throws -> [UInt8] { try MediaTools.fixture(name) }

    /// A PNG with IHDR edited (its data at bytes 16-28) and its CRC made to match again, so the
    /// edit is what the reader sees.
    static func png(_ png: [UInt8], editingHeader edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var png = png
        edit(&png)
        let crc = CRC32.checksum(png[12..<29])
        png.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        return png
    }

    static let all = [
        MediaFixture(name: "phone-photo.jpg", format: .jpeg, width: 48, height: 64, orientation: 6),
        MediaFixture(name: "progressive-icc.jpg", format: .jpeg, width: 48, height: 32),
        MediaFixture(name: "chart.png", format: .png, width: 30, height: 40, orientation: 6),
        MediaFixture(name: "loop.gif", format: .gif, width: 24, height: 16),
        MediaFixture(name: "photo.webp", format: .webp, width: 32, height: 24),
    ]
}
