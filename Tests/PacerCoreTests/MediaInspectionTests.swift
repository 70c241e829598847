import Foundation
import Testing

@testable import PacerCore

/// `ImageInspector`: the format by content and the size in pixels, as ExifTool reads them, and a
/// clear refusal of anything else.
@Suite struct MediaInspectionTests {
    @Test(arguments: MediaFixture.all)
    func formatAndSizeAreReadFromTheBytes(_ fixture: MediaFixture) async throws {
        let bytes = try fixture.bytes()
        let facts = try ImageInspector.inspect(bytes)
        #expect(facts == ImageFacts(format: fixture.format, width: fixture.width, height: fixture.height))
        let oracle = try await MediaTools.metadata(of: bytes, fileExtension: fixture.fileExtension)
        // ExifTool gives the size as stored; a quarter turn (Orientation 5-8) swaps it.
        let turned = (5...8).contains(fixture.orientation ?? 1)
        #expect(oracle["Composite:ImageSize"] == (turned ? "\(facts.height) \(facts.width)" : "\(facts.width) \(facts.height)"))
        #expect(oracle["File:MIMEType"] == facts.format.mediaType)
    }

    @Test func theNameDoesNotDecideTheFormat() async throws {
        // A PNG named .jpg is a PNG; ExifTool agrees, whatever the extension.
        let png = try MediaTools.fixture("chart.png")
        #expect(try ImageInspector.inspect(png).format == .png)
        #expect(try await MediaTools.metadata(of: png, fileExtension: "jpg")["File:FileType"] == "PNG")
    }

    @Test func somethingElseIsRefusedWithItsFirstBytes() {
        let pdf = Array("%PDF-1.7\n".utf8)
        #expect(throws: ImageError("not an image Pacer can publish: it is a PDF, and Pacer publishes JPEG, PNG, GIF and WebP; export it as one of those")) {
            try ImageInspector.inspect(pdf)
        }
        let text = Array("hello, world".utf8)
        #expect(
            throws: ImageError(
                "not an image Pacer can publish: it is neither JPEG, PNG, GIF nor WebP (its first bytes are 68 65 6C 6C 6F 2C 20 77); export it as one of those")
        ) { try ImageInspector.inspect(text) }
        #expect(throws: ImageError("not an image Pacer can publish: the file is empty; export the image again as JPEG, PNG, GIF or WebP")) {
            try MetadataRemoval.clean([])
        }
    }

    @Test func aPhonesHEICIsNamed() {
        let heic: [UInt8] = [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8)
        #expect(throws: ImageError("not an image Pacer can publish: it is HEIC, and Pacer publishes JPEG, PNG, GIF and WebP; export it as one of those")) {
            try ImageInspector.inspect(heic)
        }
    }

    @Test func aZeroOrHugeSizeIsRefused() throws {
        let chart = try MediaTools.fixture("chart.png")
        // IHDR's width is at bytes 16-19, its height at 20-23.
        let zeroWide = MediaFixture.png(chart) { $0.replaceSubrange(16..<20, with: [0, 0, 0, 0]) }
        #expect(throws: ImageError("the PNG says it is 0×30 pixels: the file is damaged; export it again")) { try ImageInspector.inspect(zeroWide) }
        let huge = MediaFixture.png(chart) { $0.replaceSubrange(16..<24, with: [0, 0x01, 0x86, 0xA0, 0, 0x01, 0x86, 0xA0]) }
        #expect(
            throws: ImageError(
                "the PNG is 100000×100000 pixels, larger than Pacer publishes (at most 65535 pixels a side and 250 megapixels): scale it down and export it again")
        ) { try ImageInspector.inspect(huge) }
        let beyondPNG = MediaFixture.png(chart) { $0.replaceSubrange(16..<24, with: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1]) }
        #expect(throws: ImageError.self) { try MetadataRemoval.clean(beyondPNG) }
    }
}
