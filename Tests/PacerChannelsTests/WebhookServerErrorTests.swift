import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// A webhook's 5xx (a gateway's 502 can come after the receiver acted) opens the Idempotency-Key's
/// hour as a lost answer does: sending again within it, `unknown` after it.
struct WebhookServerErrorTests {
    func publisher(_ harness: Harness) throws -> WebhookPublisher {
        let settings = try WebhookSettings(url: harness.server.baseURL + "/hooks/pacer", headers: [:], secretCredential: nil,
                                           timeout: TimeSpan(seconds: 30))
        return WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    @Test func aBadGatewayIsSentAgainOnlyWithinTheKeysHour() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(502, "bad gateway"), .json(502, "bad gateway"), .json(200, #"{"id":"p1"}"#))
            let webhook = try publisher(harness)
            let first = await webhook.publish(publication(delivery: 42), now: testNow)
            #expect(first.isRetry && first.consumesAttempt == true, "\(first)")
            #expect(await webhook.publish(publication(delivery: 42), now: testNow.addingTimeInterval(2 * 3600)).isUnknown)
            #expect(harness.server.requests.count == 1, "not sent again after the key's hour")

            _ = await webhook.publish(publication(delivery: 43), now: testNow)
            #expect(await webhook.publish(publication(delivery: 43), now: testNow.addingTimeInterval(600))
                == .published(url: nil, externalID: "p1", status: 200))
        }
    }
}
