import Crypto
import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct WebhookPublisherTests {
    /// `whsec_` and the base64 of `please-never-print-8c1f0e6a-key!`.
    let secret = "whsec_cGxlYXNlLW5ldmVyLXByaW50LThjMWYwZTZhLWtleSE="

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
            #expect(outcome == .published(url: "https://blog.example/p/1", externalID: "p1", status: 200))
            let request = try #require(harness.server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/hooks/pacer?src=pacer")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Idempotency-Key") == "pacer-0123456789abcdef-delivery-42")
            #expect(request.header("X-Route") == "blog")
            #expect(request.bodyText == #"{"channel":"test","delivery_id":42,"idempotency_key":"pacer-0123456789abcdef-delivery-42","planned_at":"2026-12-01T09:00:00Z","post_id":7,"tags":["swift","pacer"],"text":"Hello, 世界 👋 https://example.com/a_b","title":"Greeting"}"#)
            #expect(request.header("webhook-id") == "pacer-0123456789abcdef-delivery-42")
            #expect(request.header("webhook-timestamp") == "1796115605")
            let signed = Array("pacer-0123456789abcdef-delivery-42.1796115605.".utf8) + request.body
            let expected = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Array("please-never-print-8c1f0e6a-key!".utf8)))
            #expect(request.header("webhook-signature") == "v1," + Data(expected).base64EncodedString())
            harness.expectAbsent(secret, from: [outcome])
        }
    }

    @Test func aPostWithoutTitleSendsNull() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(204, ""))
            let outcome = try await publisher(harness).publish(publication(title: nil, tags: []), now: testNow)
            #expect(outcome == .published(url: nil, externalID: nil, status: 204))
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
            #expect(second == .published(url: "https://blog.example/p/1", externalID: nil, status: 201))
            let requests = harness.server.requests
            #expect(requests.count == 2)
            #expect(requests[0].header("Idempotency-Key") == requests[1].header("Idempotency-Key"))
            #expect(requests[0].body == requests[1].body)
        }
    }

    @Test func aTimeoutIsRetriedWithinTheKeysHourAndUnknownAfter() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .hold)
            let webhook = try publisher(harness, timeout: 2)
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

    /// A receiver verifies Pacer's request with the standardwebhooks library, which refuses a
    /// changed body, another secret and a request more than five minutes old (issue 22, item 12).
    @Test func theStandardWebhooksLibraryVerifiesTheRequestAndRefusesForgeriesAndReplays() async throws {
        struct Check: Encodable { let secret: String; let headers: [String: String]; let body: String }
        struct Input: Encodable { let checks: [Check] }
        struct Output: Decodable { let results: [String?] }
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(200, "{}"))
            let webhook = try publisher(harness)
            // The library compares the timestamp with its own clock: these are sent now, and ten minutes ago.
            _ = await webhook.publish(publication(), now: Date())
            _ = await webhook.publish(publication(delivery: 43), now: Date().addingTimeInterval(-600))
            let requests = harness.server.requests
            try #require(requests.count == 2)
            func headers(_ request: RecordedRequest) -> [String: String] {
                Dictionary(request.headers.map { ($0.name, $0.value) }) { first, _ in first }
            }
            let sent = requests[0], old = requests[1]
            let otherSecret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"
            let answer = try await Oracle.run("standard_webhooks.py", Input(checks: [
                Check(secret: secret, headers: headers(sent), body: sent.bodyText),
                Check(secret: secret, headers: headers(sent), body: sent.bodyText.replacingOccurrences(of: "Hello", with: "Hullo")),
                Check(secret: otherSecret, headers: headers(sent), body: sent.bodyText),
                Check(secret: secret, headers: headers(old), body: old.bodyText),
            ]), as: Output.self)
            try #require(answer.results.count == 4)
            #expect(answer.results[0] == nil, "Pacer's request verifies: \(answer.results[0] ?? "")")
            #expect(answer.results[1] == "WebhookVerificationError: No matching signature found", "a changed body")
            #expect(answer.results[2] == "WebhookVerificationError: No matching signature found", "another secret")
            #expect(answer.results[3] == "WebhookVerificationError: Message timestamp too old", "a replay")
        }
    }

    @Test func aSecretOfAnotherFormFailsWithoutSending() async throws {
        try await Harness.with { harness in
            try harness.addCredential("old-key", "s3cr3t-not-standard-webhooks")
            let settings = try WebhookSettings(url: harness.server.baseURL + "/h", secretCredential: "old-key")
            let webhook = WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let outcome = await webhook.publish(publication(), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.hasPrefix("credential \"old-key\" is not a Standard Webhooks secret: it does not start with whsec_; refused. Fix:"))
            #expect(harness.server.requests.isEmpty)
            harness.expectAbsent("s3cr3t-not-standard-webhooks", from: [outcome])
        }
    }

    @Test func withoutASecretTheRequestStillCarriesItsIdAndTimestamp() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/h", .json(200, "{}"))
            let settings = try WebhookSettings(url: harness.server.baseURL + "/h")
            let webhook = WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            _ = await webhook.publish(publication(), now: testNow)
            let request = try #require(harness.server.requests.first)
            #expect(request.header("webhook-id") == "pacer-0123456789abcdef-delivery-42" && request.header("webhook-timestamp") == "1796115605")
            #expect(request.header("webhook-signature") == nil)
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
