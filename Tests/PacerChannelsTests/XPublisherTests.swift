import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct XPublisherTests {
    let token = "x-user-token-VkY3-never-print"

    func publisher(_ harness: Harness, timeout: Double = 30) throws -> XPublisher {
        try harness.addCredential("x-token", token)
        let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token", timeout: TimeSpan(seconds: timeout))
        return XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, stateDirectory: harness.stateDirectory,
                          logger: harness.logs.logger)
    }

    @Test func postsTheTextWithTheUserToken() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(201, #"{"data":{"id":"1445880548472328192","text":"Hello"}}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .published(url: "https://x.com/i/web/status/1445880548472328192", externalID: "1445880548472328192", status: 201))
            let request = try #require(harness.server.requests.first)
            #expect(request.method == "POST" && request.uri == "/2/tweets")
            #expect(request.header("Authorization") == "Bearer \(token)")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.bodyText == #"{"text":"Hello, 世界 👋 https://example.com/a_b"}"#)
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func duplicateContentFails() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(403, #"{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "X refused duplicate content (HTTP 403: You are not allowed to create a Tweet with duplicate content.)", status: 403))
        }
    }

    @Test func aRateLimitWaitsUntilTheUnixReset() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(429, #"{"title":"Too Many Requests","status":429}"#, headers: [
                ("x-rate-limit-limit", "100"), ("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "1796115600"),
            ]))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isRetry && outcome.consumesAttempt == false)
            #expect(outcome.retryAfter == Date(timeIntervalSince1970: 1_796_115_600))
        }
    }

    @Test func aServerErrorIsRetriedThenPublished() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(503, #"{"title":"Service Unavailable"}"#), .json(201, #"{"data":{"id":"1","text":"x"}}"#))
            let x = try publisher(harness)
            let first = await x.publish(publication(), now: testNow)
            #expect(first.isRetry && first.consumesAttempt == true)
            #expect(await x.publish(publication(), now: testNow) == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
        }
    }

    @Test func aGatewayTimeoutIsUnknownBecauseXHasNoIdempotencyKey() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(504, "{}"))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isUnknown)
        }
    }

    @Test func aTimeoutIsUnknownAndCannotBeReconciled() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .hold)
            let x = try publisher(harness, timeout: 2)
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome.isUnknown, "\(outcome)")
            #expect(await x.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow) == .undetermined)
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func anExpiredTokenFails() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(401, #"{"title":"Unauthorized","detail":"Unauthorized","status":401}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "X refused the access token of credential \"x-token\" (HTTP 401: Unauthorized), and it cannot be renewed "
                                       + "(the credential has no refresh_token); run pacer auth test --force", status: 401))
        }
    }
}
