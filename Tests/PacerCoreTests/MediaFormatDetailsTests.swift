import Testing

@testable import PacerCore

/// The parts of GIF, PNG and WebP the fixtures do not show: which GIF application blocks stay,
/// every PNG text chunk going, and the sizes of simple (VP8, VP8L) WebP files.
@Suite struct MediaFormatDetailsTests {
    static func gifApplication(_ identifier: String, _ data: [UInt8]) -> [UInt8] {
        [0x21, 0xFF, 11] + Array(identifier.utf8) + [UInt8(data.count)] + data + [0]
    }

    @Test func gifKeepsLoopingAndItsColourProfileAndDropsOtherApplicationsBlocks() throws {
        let gif = try MediaTools.fixture("loop.gif")
        let headerEnd = 13 + 3 * 16  // header, logical screen, a global colour table of 16 colours
        let icc = Self.gifApplication("ICCRGBG1012", Array(repeating: 7, count: 20))
        let other = Self.gifApplication("MGK8BIM0000", Array("Photoshop 3.0".utf8))
        let bytes = Array(gif.prefix(headerEnd)) + icc + other + Array(gif.dropFirst(headerEnd))
        let cleaned = try MetadataRemoval.clean(bytes)
        let expected = try MetadataRemoval.clean(gif).bytes
        #expect(cleaned.bytes == Array(expected.prefix(headerEnd)) + icc + Array(expected.dropFirst(headerEnd)))
        #expect(cleaned.removed.map(\.kind) == ["GIF application data", "comment", "XMP"])
    }

    @Test func everyPNGTextChunkGoes() throws {
        let chart = try MediaTools.fixture("chart.png")
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let n = data.count
            let crc = CRC32.checksum((Array(type.utf8) + data)[...])
            return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data
                + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
        }
        let compressed = chunk("zTXt", Array("Comment\0\0".utf8) + [0x78, 0x9C, 0x03, 0x00])
        let international = chunk("iTXt", Array("Location\0\0\0en\0Ort\0".utf8) + Array("GPSLatitude 52.5".utf8))
        let physical = chunk("pHYs", [0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1])
        let bytes = Array(chart.prefix(33)) + compressed + physical + international + Array(chart.dropFirst(33))
        let cleaned = try MetadataRemoval.clean(bytes)
        let expected = try MetadataRemoval.clean(chart).bytes
        #expect(cleaned.bytes == Array(expected.prefix(33)) + physical + Array(expected.dropFirst(33)))
        #expect(Array(cleaned.removed.prefix(2)) == [
            RemovedMetadata(kind: "PNG text", hadLocation: false, hadDevice: false, byteCount: compressed.count),
            RemovedMetadata(kind: "PNG text", hadLocation: true, hadDevice: false, byteCount: international.count),
        ])
    }

    @Test func crcIsTheOnePNGUses() {
        // The CRC-32 check value (ISO 3309, zlib's crc32) and the CRC of an IEND chunk.
        #expect(CRC32.checksum(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("IEND".utf8)[...]) == 0xAE42_6082)
        #expect(CRC32.checksum(Array(repeating: 0, count: 32)[...]) == 0x190A_55AD)
    }

    static func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        let size = payload.count, riffSize = 4 + 8 + size + size % 2
        func le32(_ n: Int) -> [UInt8] { [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24 & 0xFF)] }
        return Array("RIFF".utf8) + le32(riffSize) + Array("WEBP".utf8) + Array(chunk.utf8) + le32(size) + payload + (size % 2 == 1 ? [0] : [])
    }

    @Test func simpleWebPSizesAreRead() throws {
        // Lossless: signature 0x2F, then width-1 and height-1 in 14 bits each (here 400×300).
        let bits = (400 - 1) | (300 - 1) << 14
        let lossless = Self.riff("VP8L", [0x2F, UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24 & 0xFF), 0])
        #expect(try ImageInspector.inspect(lossless) == ImageFacts(format: .webp, width: 400, height: 300))
        // Lossy: a key frame's tag, the start code 9D 01 2A, then width and height in 14 bits.
        let lossy = Self.riff("VP8 ", [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01, 0, 0])
        #expect(try ImageInspector.inspect(lossy) == ImageFacts(format: .webp, width: 640, height: 480))
        #expect(try MetadataRemoval.clean(lossy + [1, 2, 3]).bytes == lossy)
        let notImage = Self.riff("ICCP", [1, 2, 3, 4])
        #expect(
            throws: ImageError(
                "the WebP has ICCP as its first chunk rather than an image (VP8, VP8L or VP8X): the file is damaged or incomplete; export it again")
        ) { try ImageInspector.inspect(notImage) }
    }
}
