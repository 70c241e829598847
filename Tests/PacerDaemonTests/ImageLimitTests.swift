import Foundation
import PacerChannels
import Synchronization
import PacerCore
import PacerProtocol
import Testing
@testable import PacerDaemon

/// `add` checks images against what each channel says it takes, and refuses naming the image and
/// the channel, with nothing kept for the post.
struct ImageLimitTests {
    private static let now = ISOInstant.parse("2026-03-02T09:00:00Z")!
    /// A 2×2 PNG without metadata.
    private static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8AARAxg8j8AG/ID/fPnS7EAAAAASUVORK5CYII=")!

    /// A platform's channel (the engine asks only those) that takes `limits`; it is never called here.
    private struct Narrow: Publisher {
        let limits: MediaLimits
        func publish(_ publication: Publication, now: Date) async -> PublishOutcome { .failed(reason: "not called", status: nil) }
        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .undetermined }
        func mediaLimits() async -> MediaLimits { limits }
    }

    private func engine(_ limits: MediaLimits) async throws -> InProcessEngine {
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "narrow"
            kind = "mastodon"
            base_url = "https://mastodon.example"
            credential = "mastodon-token"
            default = true
            """, now: Self.now) { _ in ["narrow": Narrow(limits: limits)] }
        // The limits are learnt off the queue after start.
        let deadline = Date().addingTimeInterval(120)
        while harness.engine.queue.sync(execute: { harness.engine.mediaLimits["narrow"] }) == nil, Date() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        return harness
    }

    private func add(_ harness: InProcessEngine, alt: String) throws -> Result<PostView, any Error> {
        let path = harness.directory + "/chart.png"
        try Self.png.write(to: URL(fileURLWithPath: path))
        return harness.engine.queue.sync {
            harness.engine.add([AddParameters(text: "A chart", images: [ImageParameter(path: path, alt: alt)])])[0]
        }
    }

    @Test func anImageBeyondAChannelsLimitsIsRefusedNamingItAndNothingIsKept() async throws {
        let harness = try await engine(MediaLimits(maxImages: 4, maxImageBytes: 10, maxAltCharacters: 3, formats: [.jpeg]))
        defer { harness.remove() }
        let result = try add(harness, alt: "A chart")
        let error = try #require(throws: RequestError.self) { try result.get() }
        let message = error.reply.message
        #expect(message.contains("narrow does not take PNG images (\(harness.directory)/chart.png); convert it to one of JPEG"), "\(message)")
        #expect(message.contains("takes at most 1 KB per image"), "\(message)")
        #expect(message.contains("the alt text of image \(harness.directory)/chart.png is 7 characters and narrow takes at most 3"), "\(message)")
        #expect(try harness.store.openPosts().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: harness.store.media.directory), "nothing kept for a refused post")
    }

    @Test func anImageWithinTheLimitsIsKept() async throws {
        let harness = try await engine(MediaLimits(maxImages: 1, maxImageBytes: 1_000, maxAltCharacters: 20, formats: [.png]))
        defer { harness.remove() }
        let post = try add(harness, alt: "A chart").get()
        #expect(post.images.map(\.type) == ["image/png"])
        #expect(FileManager.default.fileExists(atPath: harness.store.media.path(sha256: post.images[0].sha256, format: .png)))
    }

    /// Counts the questions about its limits.
    private final class Asked: Publisher {
        let count = Mutex(0)
        func publish(_ publication: Publication, now: Date) async -> PublishOutcome { .failed(reason: "not called", status: nil) }
        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .undetermined }
        func mediaLimits() async -> MediaLimits {
            count.withLock { $0 += 1 }
            return .pacerDefault
        }
    }

    @Test func aChannelThatIsNotAPlatformIsNotAskedSoAnIdlePacerdStartsNoTaskThreads() async throws {
        let asked = Asked()
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            """, now: Self.now) { _ in ["outbox": asked] }
        defer { harness.remove() }
        try await Task.sleep(for: .milliseconds(200))
        harness.engine.queue.sync {}
        #expect(asked.count.withLock { $0 } == 0)
        #expect(harness.engine.queue.sync { harness.engine.mediaLimits["outbox"] } == nil, "checked against Pacer's own bounds")
    }
}
