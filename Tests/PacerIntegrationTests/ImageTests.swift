import Foundation
import PacerProtocol
import Testing

/// Images through the built `pacer` and a real pacerd: alt text, the kept copy without metadata,
/// refusals that store nothing, post files and `pacer edit`, and the clean-up after `pacer rm`.
@Suite(.timeLimit(.minutes(2)))
struct ImageTests {
    /// A 4×3 PNG with a `tEXt` chunk that says where it was taken.
    static let pngWithText = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAJXRFWHRDb21tZW50AHRha2VuIGF0IDUyLjUyMDAgTiwgMTMuNDA1MCBFs8BCAgAAACpJREFUeJwNxzEBADAMwzADK4jA6WkoAVGAmz4BDi4eQpy48fJTp269+gDjtw35bGzL0gAAAABJRU5ErkJggg==")!
    /// A 2×2 PNG without metadata.
    static let plainPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8AARAxg8j8AG/ID/fPnS7EAAAAASUVORK5CYII=")!

    static let config = """
        [[channel]]
        name = "outbox"
        kind = "outbox"
        default = true
        """

    private func write(_ harness: DaemonHarness, _ name: String, _ data: Data) throws -> String {
        let url = harness.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    private func mediaFiles(_ harness: DaemonHarness) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: harness.root.appendingPathComponent("state/pacer/media").path))?.sorted() ?? []
    }

    @Test func anImageIsKeptWithoutItsMetadataAndShownWithItsAltText() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.config)
        let original = try write(harness, "photos/where.png", Self.pngWithText)
        let added = try harness.pacer("add", "Our office, from the roof", "--at", "+1d", "--image", original, "--alt", "A roof terrace at dusk", "--json")
        #expect(added.status == 0, "\(added.stderr)")
        let post = try ControlCoding.makeDecoder().decode(PostView.self, from: Data(added.stdout.utf8))
        let image = try #require(post.images.first)
        #expect(post.images.count == 1)
        #expect(image.type == "image/png" && image.width == 4 && image.height == 3 && image.alt == "A roof terrace at dusk")
        #expect(post.notes.contains { $0.contains("removed") && $0.contains(original) }, "\(post.notes)")
        // The kept copy: private, named by its content, without the text chunk, pixels as they were.
        let files = mediaFiles(harness)
        #expect(files == ["\(image.sha256).png"])
        let kept = harness.root.appendingPathComponent("state/pacer/media/\(image.sha256).png").path
        let bytes = try #require(FileManager.default.contents(atPath: kept))
        #expect(bytes.count == image.bytes && bytes.count < Self.pngWithText.count)
        #expect(bytes.range(of: Data("52.5200".utf8)) == nil)
        #expect(bytes.range(of: Data("IDAT".utf8)) != nil)
        #expect((try FileManager.default.attributesOfItem(atPath: kept)[.posixPermissions] as? Int) == 0o600)
        // The original may go: the post keeps its copy.
        try FileManager.default.removeItem(atPath: original)
        let shown = try harness.pacer("show", String(post.id))
        #expect(shown.status == 0 && shown.stdout.contains("[image 1: PNG 4×3") && shown.stdout.contains("alt: A roof terrace at dusk"), "\(shown.stdout)")
        // Cancelling the post removes the copy no post needs any more.
        #expect(try harness.pacer("rm", String(post.id)).status == 0)
        #expect(mediaFiles(harness).isEmpty)
    }

    @Test func imagesWithoutAltTextOrThatAreNotImagesAreRefusedAndNothingIsKept() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.config)
        let png = try write(harness, "chart.png", Self.plainPNG)
        let noAlt = try harness.pacer("add", "A chart", "--image", png)
        #expect(noAlt.status == 64, "\(noAlt.stderr)")
        #expect(noAlt.stderr.contains("--image \(png) has no --alt") && noAlt.stderr.contains("--no-alt-text"), "\(noAlt.stderr)")
        let text = try write(harness, "notes.png", Data("just text, named .png".utf8))
        let notImage = try harness.pacer("add", "A chart", "--image", text, "--alt", "a chart")
        #expect(notImage.status == 65, "\(notImage.stderr)")
        #expect(notImage.stderr.contains("image \(text)"), "\(notImage.stderr)")
        let missing = try harness.pacer("add", "A chart", "--image", harness.root.appendingPathComponent("nowhere.png").path, "--alt", "a chart")
        #expect(missing.status == 65 && missing.stderr.contains("cannot read image"), "\(missing.stderr)")
        let fiveImages = ["--image", png, "--alt", "a"]
        let tooMany = try harness.pacer(
            "add", "Five", fiveImages[0], fiveImages[1], fiveImages[2], fiveImages[3], "--image", png, "--alt", "b", "--image", png, "--alt", "c",
            "--image", png, "--alt", "d", "--image", png, "--alt", "e")
        #expect(tooMany.status == 67 && tooMany.stderr.contains("a post has at most 4 images, and this post has 5; remove 1, or give them a thread part of their own"), "\(tooMany.stderr)")
        // Nothing was queued, and no copy was kept for a refused post.
        #expect(try harness.pacerJSON([PostView].self, "list", "--json").isEmpty)
        #expect(mediaFiles(harness).isEmpty)
        // Stated: no alt text.
        let stated = try harness.pacerJSON(PostView.self, "add", "A chart", "--at", "+1d", "--image", png, "--no-alt-text", "--json")
        #expect(stated.images.count == 1 && stated.images[0].alt == nil)
        // The same image again, within duplicate_window: said, not refused.
        let again = try harness.pacerJSON(PostView.self, "add", "The chart again", "--at", "+2d", "--image", png, "--alt", "a chart", "--json")
        #expect(again.notes.contains { $0.contains("is also in post \(stated.id)") }, "\(again.notes)")
        // A dry run keeps no copy.
        let other = try write(harness, "other.png", Self.pngWithText)
        let dry = try harness.pacerJSON(PostView.self, "add", "Dry", "--image", other, "--alt", "x", "--dry-run", "--json")
        #expect(dry.images.count == 1)
        #expect(mediaFiles(harness) == ["\(stated.images[0].sha256).png"])
    }

    @Test func aPostFileNamesImagesRelativeToItselfAndEditKeepsThem() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.config)
        _ = try write(harness, "drafts/img/chart.png", Self.plainPNG)
        let file = try write(harness, "drafts/post.md", Data("""
            +++
            at = "+1d"
            [[image]]
            path = "img/chart.png"
            alt = "Bar chart: 9 minutes before, 4 after"
            +++
            Build times, before and after
            """.utf8))
        let post = try harness.pacerJSON(PostView.self, "add", "--file", file, "--json")
        #expect(post.images.map(\.alt) == ["Bar chart: 9 minutes before, 4 after"])
        // An editor that only changes the alt text: the image stays, with the new description.
        let script = harness.root.appendingPathComponent("editor.sh").path
        try Data("#!/bin/sh\nset -e\nsed -i 's/9 minutes before/nine minutes before/' \"$1\"\n".utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o700)
        let edited = try harness.pacer("edit", String(post.id), "--json", environment: ["EDITOR": script, "VISUAL": ""])
        #expect(edited.status == 0, "\(edited.stderr)")
        let after = try ControlCoding.makeDecoder().decode(PostView.self, from: Data(edited.stdout.utf8))
        #expect(after.images.map(\.alt) == ["Bar chart: nine minutes before, 4 after"])
        #expect(after.images.map(\.sha256) == post.images.map(\.sha256))
        #expect(mediaFiles(harness) == ["\(post.images[0].sha256).png"])
    }

    /// A real phone photo (`Tests/PacerCoreTests/Fixtures/Media`) with GPS and camera tags.
    static let phonePhoto = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../PacerCoreTests/Fixtures/Media/phone-photo.jpg").standardized

    /// ExifTool's reading of a file: every tag, by group and name.
    private func exifTags(_ path: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        process.arguments = ["-j", "-G1", "-n", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let tags = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        return try #require(tags?.first, "exiftool read nothing from \(path) (apt-get install libimage-exiftool-perl)")
    }

    @Test func aPhotoWithGPSIsPublishedWithoutItAndAThreadInOneOutboxFile() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.config)
        let before = try exifTags(Self.phonePhoto.path)
        #expect(before.keys.contains { $0.contains("GPSLatitude") }, "the fixture has a location to remove")
        let photo = try write(harness, "talk/photo.jpg", try Data(contentsOf: Self.phonePhoto))
        _ = try write(harness, "talk/chart.png", Self.pngWithText)
        let file = try write(harness, "talk/thread.md", Data("""
            +++
            [[image]]
            path = "photo.jpg"
            alt = "The speaker on stage"
            [[image]]
            path = "chart.png"
            alt = "A chart of the results"
            part = 2
            +++
            What we learnt at the conference, a thread.
            +++ part +++
            The results, in one chart.
            """.utf8))
        let post = try harness.pacerJSON(PostView.self, "add", "--file", file, "--json")
        #expect(post.parts == ["The results, in one chart."])
        #expect(post.images.map(\.part) == [1, 2] && post.images[0].type == "image/jpeg")
        #expect(post.notes.contains { $0.contains("GPS location") && $0.contains(photo) }, "\(post.notes)")
        try harness.wait(seconds: 15, for: "the thread to be published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let delivery = post.deliveries[0].id
        let text = try String(contentsOf: harness.outbox.appendingPathComponent("delivery-\(delivery).txt"), encoding: .utf8)
        #expect(text.contains("Parts: 2") && text.contains("--- part 2 of 2 ---") && text.contains("Alt: The speaker on stage"), "\(text)")
        // What went out: no location, no camera, the orientation kept; the pixels' bytes as they were.
        let published = harness.outbox.appendingPathComponent("delivery-\(delivery)-1.jpg").path
        let after = try exifTags(published)
        #expect(!after.keys.contains { $0.contains("GPS") || $0.hasSuffix(":Make") || $0.hasSuffix(":Model") }, "\(after.keys.sorted())")
        #expect(after["IFD0:Orientation"] as? Int == 6)
        #expect(FileManager.default.fileExists(atPath: harness.outbox.appendingPathComponent("delivery-\(delivery)-2.png").path))
        // Published everywhere: the kept copies are removed.
        #expect(mediaFiles(harness).isEmpty)
    }
}
