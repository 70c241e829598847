import Foundation
import Testing

@testable import PacerCore

/// Metadata removal judged by tools Pacer's authors did not write: ExifTool finds no location,
/// device, comment or XMP in the cleaned image (and did find them in the original), and
/// ImageMagick decodes exactly the same pixels from both.
@Suite struct MediaCleaningOracleTests {
    /// Tag names (after the group) that would give away where or with what a photo was taken.
    static let revealing = ["GPS", "Make", "Model", "SerialNumber", "Lens", "Software", "Comment", "Author", "Title", "By-line", "City"]

    static func revealingTags(_ tags: [String: String]) -> [String] {
        tags.keys.filter { key in
            let parts = key.split(separator: ":", maxSplits: 1)
            let group = parts.first.map(String.init) ?? "", name = parts.last.map(String.init) ?? ""
            // The colour profile is kept on purpose; its header names the display it describes.
            guard !group.hasPrefix("ICC") else { return false }
            return group.hasPrefix("XMP") || group == "IPTC" || revealing.contains { name.contains($0) }
        }.sorted()
    }

    @Test(arguments: MediaFixture.all)
    func cleanedImageHasNoLocationDeviceCommentOrXMP(_ fixture: MediaFixture) async throws {
        let original = try fixture.bytes()
        let before = try await MediaTools.metadata(of: original, fileExtension: fixture.fileExtension)
        // The fixture really holds what must go, so the check below is not vacuous.
        #expect(before.keys.contains { $0.hasSuffix("GPSLatitude") }, "\(before.keys.sorted())")
        #expect(before.keys.contains { $0.hasSuffix(":Make") }, "\(before.keys.sorted())")

        let cleaned = try MetadataRemoval.clean(original)
        let after = try await MediaTools.metadata(of: cleaned.bytes, fileExtension: fixture.fileExtension)
        #expect(Self.revealingTags(after) == [])
        #expect(after["ExifTool:Warning"] == nil && after["ExifTool:Error"] == nil, "\(after)")
        #expect(after["File:FileType"] == before["File:FileType"])
        #expect(cleaned.removed.contains { $0.hadLocation } && cleaned.removed.contains { $0.hadDevice })
    }

    @Test(arguments: MediaFixture.all)
    func orientationIsKeptAndNothingElseOfTheExif(_ fixture: MediaFixture) async throws {
        let cleaned = try MetadataRemoval.clean(try fixture.bytes())
        let after = try await MediaTools.metadata(of: cleaned.bytes, fileExtension: fixture.fileExtension)
        #expect(after["IFD0:Orientation"] == fixture.orientation.map { "\($0)" })
        #expect(after.keys.filter { $0.hasPrefix("IFD") || $0.hasPrefix("ExifIFD") } == (fixture.orientation == nil ? [] : ["IFD0:Orientation"]))
    }

    @Test(arguments: MediaFixture.all)
    func pixelsAreUntouched(_ fixture: MediaFixture) async throws {
        let original = try fixture.bytes()
        let cleaned = try MetadataRemoval.clean(original)
        let before = try await MediaTools.pixels(of: original, fileExtension: fixture.fileExtension)
        let after = try await MediaTools.pixels(of: cleaned.bytes, fileExtension: fixture.fileExtension)
        #expect(before.count >= fixture.width * fixture.height * 4)
        #expect(before == after, "ImageMagick decodes different pixels from the cleaned \(fixture.name)")
    }

    @Test func jpegImageDataFromSOSToEOIIsCopiedByteForByte() throws {
        for name in ["phone-photo.jpg", "progressive-icc.jpg"] {
            let original = try MediaTools.fixture(name)
            let cleaned = try MetadataRemoval.clean(original).bytes
            let scanStart = try #require((0..<cleaned.count - 1).first { cleaned[$0] == 0xFF && cleaned[$0 + 1] == 0xDA })
            let imageData = cleaned[scanStart...]
            #expect(original.suffix(imageData.count).elementsEqual(imageData), "\(name)")
            #expect(imageData.suffix(2).elementsEqual([0xFF, 0xD9]))
        }
    }

    @Test func pngKeepsEveryOtherChunkVerbatim() throws {
        let original = try MediaTools.fixture("chart.png")
        let cleaned = try MetadataRemoval.clean(original).bytes
        let removedTypes: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]
        let kept = Self.chunks(of: original).filter { !removedTypes.contains($0.type) }
        #expect(Self.chunks(of: cleaned).filter { $0.type != "eXIf" } == kept)
        #expect(kept.map(\.type) == ["IHDR", "IDAT", "IEND"])
        // The one eXIf left is Pacer's own, Orientation only, before the image data.
        #expect(Self.chunks(of: cleaned).map(\.type) == ["IHDR", "eXIf", "IDAT", "IEND"])
    }

    @Test func gifStillLoopsAndWebPNoLongerAnnouncesMetadata() async throws {
        let gif = try MetadataRemoval.clean(try MediaTools.fixture("loop.gif"))
        let gifTags = try await MediaTools.metadata(of: gif.bytes, fileExtension: "gif")
        #expect(gifTags["GIF:AnimationIterations"] == "0" && gifTags["GIF:FrameCount"] == "2", "\(gifTags)")
        #expect(gif.removed.map(\.kind) == ["comment", "XMP"])
        let webp = try MetadataRemoval.clean(try MediaTools.fixture("photo.webp"))
        let webpTags = try await MediaTools.metadata(of: webp.bytes, fileExtension: "webp")
        #expect(webpTags["RIFF:WebP_Flags"] == "0", "\(webpTags)")
        #expect(webp.removed.map(\.kind) == ["Exif", "XMP"])
    }

    @Test func removedMetadataIsSummarisedForThePrivacyLint() throws {
        let photo = try MetadataRemoval.clean(try MediaTools.fixture("phone-photo.jpg"))
        #expect(photo.removed.map(\.kind) == ["Exif", "IPTC", "XMP", "comment"])
        #expect(
            RemovedMetadata.summary(of: photo.removed)
                == "Exif with GPS location and device details, IPTC, XMP with GPS location and device details, comment")
        let chart = try MetadataRemoval.clean(try MediaTools.fixture("chart.png"))
        #expect(
            RemovedMetadata.summary(of: chart.removed)
                == "PNG text with device details, PNG tIME, XMP with GPS location and device details, PNG eXIf with GPS location and device details")
        #expect(RemovedMetadata.summary(of: []) == "")
    }

    @Test(arguments: MediaFixture.all)
    func cleaningTwiceChangesNothingMore(_ fixture: MediaFixture) throws {
        let once = try MetadataRemoval.clean(try fixture.bytes())
        let twice = try MetadataRemoval.clean(once.bytes)
        #expect(twice.bytes == once.bytes)
        #expect(twice.removed == [])
        #expect(twice.facts == once.facts)
    }

    /// A PNG's chunks, type and whole bytes (length, type, data, CRC), read independently of
    /// Pacer's reader.
    static func chunks(of png: [UInt8]) -> [Chunk] {
        var chunks: [Chunk] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 12 + length
            guard end <= png.count else { break }
            chunks.append(Chunk(type: String(decoding: png[offset + 4..<offset + 8], as: UTF8.self), bytes: Array(png[offset..<end])))
            offset = end
        }
        return chunks
    }

    struct Chunk: Equatable {
        var type: String
        var bytes: [UInt8]
    }
}
