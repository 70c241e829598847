import Foundation
import Testing
import PacerCore
@testable import PacerChannels

struct OutboxPublisherTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-outbox-\(UUID().uuidString)/outbox").path
    let publication = Publication(
        deliveryID: 42, postID: 7, channel: "outbox", text: "Hello, 世界 👋", title: "Greeting", tags: ["a", "b"],
        plannedAt: ISOInstant.parse("2026-12-01T09:00:00Z")!)
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
