import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// The outbox with images and threads (issue 25): the image copies beside the text file, which
/// names them with their alt texts under their parts and is still written last, as the proof.
struct OutboxImagesAndThreadsTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-outbox-\(UUID().uuidString)/outbox").path
    let now = ISOInstant.parse("2026-12-01T09:00:01Z")!
    let images: StoredImages

    init() throws {
        images = try StoredImages()
    }

    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    func expectCopies(_ expected: [(name: String, image: PublicationImage)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (name, image) in expected {
            let path = directory + "/" + name
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == StoredImages.bytes(of: image), "\(name)", sourceLocation: sourceLocation)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)", sourceLocation: sourceLocation)
        }
    }

    @Test func anImagePostHasItsImagesBesideTheTextWhichNamesThemWithTheirAltTexts() async throws {
        let chart = try images.image(.png, seed: 1, alt: "A line rising\nfrom 3 to 7")
        let photo = try images.image(.jpeg, seed: 2, alt: nil)
        let outbox = OutboxPublisher(directory: directory)
        let outcome = await outbox.publish(StoredImages.publication([PublicationPart(text: "Hello, 世界 👋", images: [chart, photo])]), now: now)
        #expect(outcome == .published(url: "file://\(directory)/delivery-42.txt", externalID: nil))
        #expect(try listing() == ["delivery-42-1.png", "delivery-42-2.jpg", "delivery-42.txt"], "no temporary file is left")
        try expectCopies([("delivery-42-1.png", chart), ("delivery-42-2.jpg", photo)])
        #expect(try String(contentsOfFile: outbox.path(for: 42), encoding: .utf8) == """
            Post-Id: 7
            Delivery-Id: 42
            Channel: test
            Planned-At: 2026-12-01T09:00:00Z
            Published-At: 2026-12-01T09:00:01Z
            Title: Greeting
            Tags: swift, pacer
            Image: delivery-42-1.png
            Alt: A line rising
             from 3 to 7
            Image: delivery-42-2.jpg

            Hello, 世界 👋

            """)
    }

    @Test func aThreadIsOneFileWithItsPartsInOrderAndItsImagesNumberedAcrossIt() async throws {
        let chart = try images.image(.png, seed: 1, alt: "A chart")
        let slide = try images.image(.webp, seed: 3, alt: "The last slide")
        let loop = try images.image(.gif, seed: 4, alt: nil)
        let thread = StoredImages.publication([
            PublicationPart(text: "One", images: [chart]),
            PublicationPart(text: "Two\n\nstill two"),
            PublicationPart(text: "Three", images: [slide, loop]),
        ])
        let outbox = OutboxPublisher(directory: directory)
        #expect(await outbox.publish(thread, now: now) == .published(url: "file://\(directory)/delivery-42.txt", externalID: nil))
        #expect(try listing() == ["delivery-42-1.png", "delivery-42-2.webp", "delivery-42-3.gif", "delivery-42.txt"])
        try expectCopies([("delivery-42-1.png", chart), ("delivery-42-2.webp", slide), ("delivery-42-3.gif", loop)])
        #expect(try String(contentsOfFile: outbox.path(for: 42), encoding: .utf8) == """
            Post-Id: 7
            Delivery-Id: 42
            Channel: test
            Planned-At: 2026-12-01T09:00:00Z
            Published-At: 2026-12-01T09:00:01Z
            Title: Greeting
            Tags: swift, pacer
            Parts: 3
            Image: delivery-42-1.png
            Alt: A chart

            One

            --- part 2 of 3 ---

            Two

            still two

            --- part 3 of 3 ---
            Image: delivery-42-2.webp
            Alt: The last slide
            Image: delivery-42-3.gif

            Three

            """)
        #expect(await outbox.reconcile(deliveryID: 42, claimedAt: now, now: now) == .published(url: "file://\(directory)/delivery-42.txt"))
    }

    @Test func aPreparedThreadWithImagesIsInvisibleUntilPublished() async throws {
        let chart = try images.image(.png, count: 2 * ChunkedFile.chunkBytes + 17, seed: 5, alt: "A chart")
        let thread = StoredImages.publication([PublicationPart(text: "One", images: [chart]), PublicationPart(text: "Two")])
        let outbox = OutboxPublisher(directory: directory)
        await outbox.prepare(thread, now: thread.plannedAt.addingTimeInterval(-1))
        #expect(try listing() == ["delivery-42-1.png.tmp", "delivery-42.txt.tmp"], "prepare makes nothing visible")
        #expect(await outbox.reconcile(deliveryID: 42, claimedAt: now, now: now) == .notPublished)
        #expect(await outbox.publish(thread, now: now) == .published(url: "file://\(directory)/delivery-42.txt", externalID: nil))
        #expect(try listing() == ["delivery-42-1.png", "delivery-42.txt"])
        try expectCopies([("delivery-42-1.png", chart)])
        let content = try String(contentsOfFile: outbox.path(for: 42), encoding: .utf8)
        #expect(content.contains("Published-At: 2026-12-01T09:00:00Z\n") && content.hasSuffix("One\n\n--- part 2 of 2 ---\n\nTwo\n"), "\(content)")
    }

    /// A crash after the images are in place and before the text file is leaves a delivery the
    /// outbox proves unpublished; publishing it again completes it. The text file's temporary name
    /// is taken by a directory, so the write of the text fails exactly there.
    @Test func imagesWithoutTheirTextFileAreProvablyUnpublishedAndWrittenAgain() async throws {
        let chart = try images.image(.png, seed: 1, alt: "A chart")
        let slide = try images.image(.jpeg, seed: 2, alt: "A slide")
        let thread = StoredImages.publication([PublicationPart(text: "One", images: [chart]), PublicationPart(text: "Two", images: [slide])])
        let outbox = OutboxPublisher(directory: directory)
        try FileManager.default.createDirectory(atPath: outbox.path(for: 42) + ".tmp", withIntermediateDirectories: true)
        guard case let .failed(reason, _) = await outbox.publish(thread, now: now) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("delivery-42.txt.tmp"), "\(reason)")
        #expect(try listing() == ["delivery-42-1.png", "delivery-42-2.jpg", "delivery-42.txt.tmp"], "the images went first")
        let restarted = OutboxPublisher(directory: directory)
        #expect(await restarted.reconcile(deliveryID: 42, claimedAt: now, now: now) == .notPublished)
        try FileManager.default.removeItem(atPath: outbox.path(for: 42) + ".tmp")
        #expect(await restarted.publish(thread, now: now) == .published(url: "file://\(directory)/delivery-42.txt", externalID: nil))
        #expect(try listing() == ["delivery-42-1.png", "delivery-42-2.jpg", "delivery-42.txt"])
        try expectCopies([("delivery-42-1.png", chart), ("delivery-42-2.jpg", slide)])
        #expect(await restarted.reconcile(deliveryID: 42, claimedAt: now, now: now) == .published(url: "file://\(directory)/delivery-42.txt"))
    }

    @Test func aMissingStoredImageFailsWithItsPathAndPublishesNothing() async throws {
        let gone = try images.image(.png, seed: 1, alt: "A chart")
        try FileManager.default.removeItem(atPath: gone.path)
        let outbox = OutboxPublisher(directory: directory)
        guard case let .failed(reason, _) = await outbox.publish(StoredImages.publication([PublicationPart(text: "One", images: [gone])]), now: now) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains(gone.path), "\(reason)")
        #expect(try listing().isEmpty)
        #expect(await outbox.reconcile(deliveryID: 42, claimedAt: now, now: now) == .notPublished)
    }
}
