import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import Synchronization
import Testing
@testable import PacerDaemon

/// A claim is made up to `claimLead` before its instant; a reload in that moment may remove the
/// claimed delivery's channel. The call must still go out, through the publisher the claim was
/// made with (it is committed: the at-most-once point), and pacerd must not stop.
struct ReloadDuringClaimTests {
    /// Records its calls; reloads the engine without its channel when it is asked to prepare.
    private final class ChannelRemovedWhilePreparing: Publisher {
        let onPrepare = Mutex<(@Sendable () -> Void)?>(nil)
        let published = Mutex<[DeliveryID]>([])

        func prepare(_ publication: Publication, now: Date) async {
            onPrepare.withLock { $0 }?()
        }

        func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
            published.withLock { $0.append(publication.deliveryID) }
            return .published(url: "https://example.invalid/\(publication.deliveryID)", externalID: nil)
        }

        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .undetermined }
    }

    @Test func aReloadThatRemovesTheClaimedChannelLetsTheCallGoOut() async throws {
        let start = Date()
        let epoch = ISOInstant.parse("2026-03-02T09:00:00Z")!
        // The engine's clock runs at the wall clock's pace, so the timer fires for real.
        let clock: @Sendable () -> Date = { epoch.addingTimeInterval(Date().timeIntervalSince(start)) }
        let publisher = ChannelRemovedWhilePreparing()
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "doomed"
            kind = "outbox"
            default = true

            [[channel]]
            name = "kept"
            kind = "outbox"
            """, now: epoch, clock: clock) { _ in ["doomed": publisher, "kept": publisher] }
        defer { harness.remove() }
        let reduced = try ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: harness.directory + "/outbox")
            .parse("""
                [[channel]]
                name = "kept"
                kind = "outbox"
                default = true
                """, file: "config.toml")
        let engine = harness.engine
        publisher.onPrepare.withLock { $0 = { _ = engine.reload(reduced, publishers: ["kept": publisher]) } }

        let added = try engine.queue.sync { try #require(engine.add([AddParameters(text: "Out before the reload", at: "+300ms")]).first).get() }
        let delivery = try #require(added.deliveries.first?.id)
        // The call runs in a task: wait without holding a thread of the pool it needs.
        let deadline = Date().addingTimeInterval(120)
        while publisher.published.withLock({ $0.isEmpty }) && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(publisher.published.withLock { $0 } == [delivery])
        func state() throws -> DeliveryState? { try harness.store.post(added.id)?.deliveries.first { $0.id == delivery }?.state }
        while try state() != .published && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try state() == .published)
    }
}
