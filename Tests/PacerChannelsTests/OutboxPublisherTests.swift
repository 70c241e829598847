import Foundation
import Testing
import PacerCore
@testable import PacerChannels

struct OutboxPublisherTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-outbox-\(UUID().uuidString)/outbox").path
    let publication = Publication(
        deliveryID: 42, postID: 7, channel: "outbox", text: "Hello, 世界 👋", title: "Greeting", tags: ["a", "b"],
        plannedAt: ISOInstant.parse("2026-12-01T09:00:00Z")!, installation: testInstallation)
    let now = ISOInstant.parse("2026-12-01T09:00:01Z")!

    @Test func publishingWritesOneCompleteFileNamedByTheDelivery() async throws {
        let outbox = OutboxPublisher(directory: directory)
        let outcome = await outbox.publish(publication, now: now)
        #expect(outcome == .published(url: "file://\(directory)/delivery-42.txt", externalID: nil))
        let content = try String(contentsOfFile: outbox.path(for: 42), encoding: .utf8)
        #expect(content == """
            Post-Id: 7
            Delivery-Id: 42
            Channel: outbox
            Planned-At: 2026-12-01T09:00:00Z
            Published-At: 2026-12-01T09:00:01Z
            Title: Greeting
            Tags: a, b

            Hello, 世界 👋

            """)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["delivery-42.txt"], "no temporary file is left")
    }

    @Test func aSecondPublishOfTheSameDeliveryNeverRewritesIt() async throws {
        let outbox = OutboxPublisher(directory: directory)
        _ = await outbox.publish(publication, now: now)
        let first = try Data(contentsOf: URL(fileURLWithPath: outbox.path(for: 42)))
        _ = await outbox.publish(publication, now: now.addingTimeInterval(60))
        #expect(try Data(contentsOf: URL(fileURLWithPath: outbox.path(for: 42))) == first)
    }

    @Test func aPreparedDeliveryIsInvisibleUntilPublishedAndCarriesItsPlannedInstant() async throws {
        let outbox = OutboxPublisher(directory: directory)
        await outbox.prepare(publication, now: publication.plannedAt.addingTimeInterval(-0.01))
        #expect(!FileManager.default.fileExists(atPath: outbox.path(for: 42)), "prepare makes nothing visible")
        #expect(await outbox.reconcile(deliveryID: 42, claimedAt: now, now: now) == .notPublished)
        let outcome = await outbox.publish(publication, now: now)
        #expect(outcome == .published(url: "file://\(directory)/delivery-42.txt", externalID: nil))
        let content = try String(contentsOfFile: outbox.path(for: 42), encoding: .utf8)
        #expect(content.contains("Published-At: 2026-12-01T09:00:00Z\n"), "released at its planned instant: \(content)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["delivery-42.txt"], "no temporary file is left")
    }

    @Test func aDeliveryPreparedLateCarriesTheInstantItWasWritten() async throws {
        let outbox = OutboxPublisher(directory: directory)
        await outbox.prepare(publication, now: now)
        _ = await outbox.publish(publication, now: now.addingTimeInterval(1))
        let content = try String(contentsOfFile: outbox.path(for: 42), encoding: .utf8)
        #expect(content.contains("Published-At: 2026-12-01T09:00:01Z\n"), "\(content)")
    }

    @Test func aTemporaryFileThisProcessDidNotPrepareIsRewrittenNotTrusted() async throws {
        let first = OutboxPublisher(directory: directory)
        await first.prepare(publication, now: now)
        let temporary = first.path(for: 42) + ".tmp"
        try "Post-Id: 7\nDeliv".write(toFile: temporary, atomically: false, encoding: .utf8)
        // A publisher that did not prepare it (another process, or after a reload) writes it in full.
        let second = OutboxPublisher(directory: directory)
        _ = await second.publish(publication, now: now)
        let content = try String(contentsOfFile: second.path(for: 42), encoding: .utf8)
        #expect(content.hasSuffix("Hello, 世界 👋\n"), "\(content)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["delivery-42.txt"])
    }

    @Test func reconcilingProvesWhetherADeliveryWentOut() async {
        let outbox = OutboxPublisher(directory: directory)
        #expect(await outbox.reconcile(deliveryID: 42, claimedAt: now, now: now) == .notPublished)
        _ = await outbox.publish(publication, now: now)
        #expect(await outbox.reconcile(deliveryID: 42, claimedAt: now, now: now) == .published(url: "file://\(directory)/delivery-42.txt"))
    }

    @Test func anUnwritableDirectoryIsAFailureWithThePath() async {
        let outbox = OutboxPublisher(directory: "/proc/pacer-cannot-write-here")
        guard case let .failed(reason, _) = await outbox.publish(publication, now: now) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("/proc/pacer-cannot-write-here"))
    }
}
