import Crypto
import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct WebhookPublisherTests {
    let secret = "whsec-8c1f0e6a-please-never-print"

    func publisher(_ harness: Harness, timeout: Double = 30, path: String = "/hooks/pacer?src=pacer") throws -> WebhookPublisher {
        try harness.addCredential("hook-key", secret)
        let settings = try WebhookSettings(url: harness.server.baseURL + path, headers: ["X-Route": "blog"], secretCredential: "hook-key",
                                           timeout: TimeSpan(seconds: timeout))
        return WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    @Test func postsTheDocumentedBodyWithKeyAndSignature() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(200, #"{"url":"https://blog.example/p/1","id":"p1"}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .published(url: "https://blog.example/p/1", externalID: "p1"))
            let request = try #require(harness.server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/hooks/pacer?src=pacer")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Idempotency-Key") == "pacer-0123456789abcdef-delivery-42")
            #expect(request.header("X-Route") == "blog")
            #expect(request.bodyText == #"{"channel":"test","delivery_id":42,"idempotency_key":"pacer-0123456789abcdef-delivery-42","planned_at":"2026-12-01T09:00:00Z","post_id":7,"tags":["swift","pacer"],"text":"Hello, 世界 👋 https://example.com/a_b","title":"Greeting"}"#)
            let expected = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Array(secret.utf8)))
            #expect(request.header("X-Pacer-Signature") == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())
            harness.expectAbsent(secret, from: [outcome])
        }
    }

    @Test func aPostWithoutTitleSendsNull() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(204, ""))
            let outcome = try await publisher(harness).publish(publication(title: nil, tags: []), now: testNow)
            #expect(outcome == .published(url: nil, externalID: nil))
            #expect(harness.server.requests[0].bodyText.hasSuffix(#""tags":[],"text":"Hello, 世界 👋 https://example.com/a_b","title":null}"#))
        }
    }

    @Test func aClientErrorFailsWithTheServersText() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(400, #"{"error":"text is empty"}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "HTTP 400: text is empty", status: 400))
        }
    }

    @Test func aRedirectIsNotFollowed() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", ScriptedReply(status: 307, headers: [("Location", "https://elsewhere.example/h")]))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("redirected to https://elsewhere.example/h"))
            #expect(harness.server.requests.count == 1)
        }
    }

    @Test func aRateLimitWaitsForRetryAfterWithoutUsingAnAttempt() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(429, "{}", headers: [("Retry-After", "120")]))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isRetry)
            #expect(outcome.consumesAttempt == false)
            #expect(outcome.retryAfter == testNow.addingTimeInterval(120))
        }
    }

    @Test func aServerErrorIsRetriedThenPublishedWithTheSameKeyAndBody() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(503, "{}"), .json(201, #"{"url":"https://blog.example/p/1"}"#))
            let webhook = try publisher(harness)
            let first = await webhook.publish(publication(), now: testNow)
            #expect(first.isRetry)
            #expect(first.consumesAttempt == true)
            let second = await webhook.publish(publication(), now: testNow.addingTimeInterval(60))
            #expect(second == .published(url: "https://blog.example/p/1", externalID: nil))
            let requests = harness.server.requests
            #expect(requests.count == 2)
            #expect(requests[0].header("Idempotency-Key") == requests[1].header("Idempotency-Key"))
            #expect(requests[0].body == requests[1].body)
        }
    }

    @Test func aTimeoutIsRetriedWithinTheKeysHourAndUnknownAfter() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .hold)
            let webhook = try publisher(harness, timeout: 0.5)
            let first = await webhook.publish(publication(), now: testNow)
            #expect(first.isRetry, "the same Idempotency-Key makes a replay safe: \(first)")
            let withinHour = await webhook.publish(publication(), now: testNow.addingTimeInterval(20 * 60))
            #expect(withinHour.isRetry)
            let late = await webhook.publish(publication(), now: testNow.addingTimeInterval(2 * 3600))
            #expect(late.isUnknown, "\(late)")
            #expect(harness.server.requests.count == 2, "nothing is sent once the key may have expired")
            harness.expectAbsent(secret, from: [first, withinHour, late])
        }
    }

    @Test func aRefusedConnectionIsRetried() async throws {
        try await Harness.with { harness in
            let closed = try await TestServer.start()
            try await closed.stop()
            let settings = try WebhookSettings(url: closed.baseURL + "/h", timeout: TimeSpan(seconds: 5))
            let webhook = WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let outcome = await webhook.publish(publication(), now: testNow)
            #expect(outcome.isRetry, "\(outcome)")
            #expect(outcome.consumesAttempt == true)
        }
    }

    @Test func reconcilingTrustsTheKeyForAnHourOnly() async throws {
        try await Harness.with { harness in
            let webhook = try publisher(harness)
            #expect(await webhook.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(600)) == .notPublished)
            #expect(await webhook.reconcile(deliveryID: 43, claimedAt: testNow, now: testNow.addingTimeInterval(3 * 3600)) == .undetermined)
            #expect(await webhook.reconcile(deliveryID: 44, claimedAt: nil, now: testNow) == .undetermined)
            // The interrupted request of 42 is remembered: past its hour, publishing refuses to send again.
            harness.server.script("POST", "/hooks/pacer", .json(200, "{}"))
            let late = await webhook.publish(publication(), now: testNow.addingTimeInterval(2 * 3600))
            #expect(late.isUnknown)
            #expect(harness.server.requests.isEmpty)
        }
    }

    @Test func aMissingSecretFailsWithoutSending() async throws {
        try await Harness.with { harness in
            let settings = try WebhookSettings(url: harness.server.baseURL + "/h", secretCredential: "absent")
            let webhook = WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let outcome = await webhook.publish(publication(), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("credential \"absent\" not found"))
            #expect(harness.server.requests.isEmpty)
        }
    }
}
