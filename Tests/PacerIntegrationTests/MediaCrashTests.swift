import Foundation
import PacerProtocol
import Testing

/// pacerd killed while an image is being uploaded, before the post is created: uploading is not
/// the commit point, so the post is created once after the restart, with its image.
@Suite(.timeLimit(.minutes(2)))
struct MediaCrashTests {
    @Test func aKillDuringAnUploadCreatesTheStatusOnceAfterTheRestart() throws {
        let harness = try DaemonHarness()
        // The first POST, the image's upload, is held open until pacerd is killed.
        let (receiver, log) = try harness.startWithMastodon(timeout: "2s")
        defer { receiver.stop() }
        let image = harness.root.appendingPathComponent("chart.png")
        try ImageTests.plainPNG.write(to: image)
        let post = try harness.pacerJSON(PostView.self, "add", "A chart through a crash", "--image", image.path, "--alt", "A chart", "--json")
        try harness.wait(seconds: 10, for: "the upload to reach the instance") { harness.received(log).count == 1 }
        #expect(harness.received(log).map { $0["path"] } == ["/api/v2/media"])
        harness.kill()
        try harness.start()
        try harness.wait(seconds: 90, for: "the status to be created after the restart") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let paths = harness.received(log).compactMap { $0["path"] }
        #expect(paths.filter { $0 == "/api/v1/statuses" }.count == 1, "one status: \(paths)")
        #expect(paths.filter { $0 == "/api/v2/media" }.count == 2, "the upload is simply made again: \(paths)")
        let status = harness.received(log).last { $0["path"] == "/api/v1/statuses" }?["body"] ?? ""
        #expect(status.contains("media_ids"), "\(status)")
    }
}
