import Foundation
import Logging
import PacerCore
import Testing
@testable import PacerChannels

/// A command program given a post with images or a thread (issue 25): the manifest at
/// `PACER_MANIFEST`, read by a Python program that opens every image it names. Part of the
/// serialized `CommandPublisherTests`: a script being written by one test must not be executed by
/// another meanwhile (`ETXTBSY`).
extension CommandPublisherTests {
    /// The program's `TMPDIR`, where its manifest is written.
    var manifestDirectory: String { directory + "/tmp" }

    /// A program that keeps what it was given: its stdin, its manifest as it found it (and the
    /// manifest's mode and path), and for each image the manifest names its size and SHA-256 as
    /// read from the file.
    func manifestReader() throws -> CommandPublisher {
        try FileManager.default.createDirectory(atPath: manifestDirectory, withIntermediateDirectories: true)
        let path = directory + "/reader"
        try """
            #!/usr/bin/python3
            import hashlib, json, os, sys
            here = os.path.dirname(sys.argv[0])
            with open(os.path.join(here, "stdin.txt"), "wb") as out:
                out.write(sys.stdin.buffer.read())
            manifest_path = os.environ["PACER_MANIFEST"]
            with open(manifest_path, "rb") as manifest:
                raw = manifest.read()
            with open(os.path.join(here, "manifest.json"), "wb") as out:
                out.write(raw)
            seen = {"path": manifest_path, "mode": oct(os.stat(manifest_path).st_mode & 0o777), "images": []}
            for part in json.loads(raw)["parts"]:
                for image in part["images"]:
                    with open(image["path"], "rb") as file:
                        data = file.read()
                    seen["images"].append({"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            with open(os.path.join(here, "seen.json"), "w") as out:
                json.dump(seen, out)
            print("https://example.com/p/1")
            """.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return CommandPublisher(settings: try CommandSettings(argv: [path], timeout: TimeSpan(seconds: 20)),
                                environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "TMPDIR": manifestDirectory], logger: Logger(label: "test"))
    }

    struct ManifestReaderSaw: Decodable, Equatable {
        struct Image: Decodable, Equatable {
            let bytes: Int
            let sha256: String
        }

        let path: String
        let mode: String
        let images: [Image]
    }

    func manifestReaderSaw() throws -> ManifestReaderSaw {
        try JSONDecoder().decode(ManifestReaderSaw.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/seen.json")))
    }

    func contents(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    @Test func anImagePostHandsTheProgramAManifestOfItsImagesAndTheTextOnStdin() async throws {
        let images = try StoredImages()
        let chart = try images.image(.png, seed: 1, width: 1200, height: 800, alt: "A line rising from 3 to 7")
        let photo = try images.image(.jpeg, count: 500, seed: 2, width: 640, height: 480, alt: nil)
        let post = StoredImages.publication([PublicationPart(text: "Hello, 世界 👋", images: [chart, photo])])
        let outcome = try await manifestReader().publish(post, now: testNow)
        #expect(outcome == .published(url: "https://example.com/p/1", externalID: nil, status: 0))
        #expect(try contents("stdin.txt") == "Hello, 世界 👋")
        #expect(try contents("manifest.json") == #"{"parts":[{"images":["#
            + #"{"alt":"A line rising from 3 to 7","bytes":300,"height":800,"path":"\#(chart.path)","sha256":"\#(chart.sha256)","type":"image/png","width":1200},"#
            + #"{"alt":null,"bytes":500,"height":480,"path":"\#(photo.path)","sha256":"\#(photo.sha256)","type":"image/jpeg","width":640}"#
            + #"],"text":"Hello, 世界 👋"}]}"#)
        let seen = try manifestReaderSaw()
        #expect(seen.images == [.init(bytes: 300, sha256: chart.sha256), .init(bytes: 500, sha256: photo.sha256)], "the program read the images")
        #expect(seen.mode == "0o600")
        #expect(seen.path.hasPrefix(manifestDirectory + "/pacer-manifest-42-"), "in the program's TMPDIR: \(seen.path)")
        #expect(!FileManager.default.fileExists(atPath: seen.path), "removed after the call")
        #expect(try FileManager.default.contentsOfDirectory(atPath: manifestDirectory).isEmpty)
    }

    @Test func aThreadHandsTheProgramEveryPartInOrder() async throws {
        let chart = try StoredImages().image(.png, seed: 1, alt: "A chart")
        let thread = StoredImages.publication([
            PublicationPart(text: "One"),
            PublicationPart(text: "Two", images: [chart]),
            PublicationPart(text: "Three"),
        ])
        #expect(try await manifestReader().publish(thread, now: testNow) == .published(url: "https://example.com/p/1", externalID: nil, status: 0))
        #expect(try contents("stdin.txt") == "One\n\nTwo\n\nThree", "a program reading the text alone gets the whole thread")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))) as? [String: Any])
        let parts = try #require(manifest["parts"] as? [[String: Any]])
        #expect(parts.map { $0["text"] as? String } == ["One", "Two", "Three"])
        #expect(parts.map { ($0["images"] as? [Any])?.count } == [0, 1, 0])
        #expect(try manifestReaderSaw().images == [.init(bytes: 300, sha256: chart.sha256)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: manifestDirectory).isEmpty, "the manifest is removed")
    }

    @Test func theManifestIsRemovedWhenTheProgramFailsOrIsKilled() async throws {
        let chart = try StoredImages().image(.png, seed: 1, alt: "A chart")
        let post = StoredImages.publication([PublicationPart(text: "One", images: [chart])])
        try FileManager.default.createDirectory(atPath: manifestDirectory, withIntermediateDirectories: true)
        for (name, body) in [("fails", "exit 3"), ("killed", "kill -9 $$"), ("sleeps", "sleep 30")] {
            let path = try script(name, "test -f \"$PACER_MANIFEST\" || exit 9\n" + body)
            let publisher = CommandPublisher(settings: try CommandSettings(argv: [path], timeout: TimeSpan(seconds: 1)),
                                             environment: ["PATH": "/usr/bin:/bin", "TMPDIR": manifestDirectory], logger: Logger(label: "test"))
            let outcome = await publisher.publish(post, now: testNow)
            #expect(name == "fails" ? outcome.isFailed && outcome.reason.contains("exited with 3") : outcome.isUnknown, "\(name): \(outcome)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: manifestDirectory).isEmpty, "\(name)")
        }
    }
}
