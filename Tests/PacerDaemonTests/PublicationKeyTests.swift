import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Synchronization
import Testing
@testable import PacerDaemon

/// The engine hands every channel the store's installation id with the delivery, so idempotency
/// keys differ between stores; a published attempt keeps the status the channel reported.
struct PublicationKeyTests {
    /// Publishes at once and remembers the keys it was given.
    private final class KeyRecorder: Publisher {
        let keys = Mutex<[String]>([])

        func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
            keys.withLock { $0.append(publication.idempotencyKey) }
            return .published(url: "https://social.example/@me/\(publication.deliveryID)", externalID: "id-\(publication.deliveryID)", status: 201)
        }

        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .notPublished }
    }

    @Test func keysCarryTheStoresInstallationIDAndTheLedgerThePlatformsAnswer() async throws {
        let recorder = KeyRecorder()
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "social"
            kind = "outbox"
            default = true
            """, now: Date()) { _ in ["social": recorder] }
        defer { harness.remove() }
        let engine = harness.engine
        let post = try engine.queue.sync { try engine.add([AddParameters(text: "Due at once")])[0].get() }
        let deadline = Date().addingTimeInterval(120)
        while recorder.keys.withLock({ $0.isEmpty }) || engine.queue.sync(execute: { engine.inFlight != nil }), Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let delivery = try #require(post.deliveries.first)
        #expect(recorder.keys.withLock { $0 } == ["pacer-\(harness.store.installationID)-delivery-\(delivery.id)"])
        let attempt = try #require(try harness.store.attempts(since: nil, channel: nil).first)
        #expect(attempt.outcome == "published")
        #expect(attempt.externalID == "id-\(delivery.id)")
        #expect(attempt.httpStatus == 201)
    }
}
