import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct LinkedInPublisherTests {
    let token = "AQX-linkedin-token-never-print"

    func publisher(_ harness: Harness, timeout: Double = 30) throws -> LinkedInPublisher {
        try harness.addCredential("linkedin-token", token)
        let settings = try LinkedInSettings(baseURL: harness.server.baseURL, credential: "linkedin-token", author: "urn:li:person:8675309",
                                            version: "202505", timeout: TimeSpan(seconds: timeout))
        return LinkedInPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, logger: harness.logs.logger)
    }

    @Test func postsTheDocumentedBodyWithVersionHeaders() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/rest/posts", ScriptedReply(status: 201, headers: [("x-restli-id", "urn:li:share:6844785523593134080")]))
            let outcome = try await publisher(harness).publish(publication("Pacer (v1) ships #swift_lang #Swift @home [x] *bold*"), now: testNow)
            #expect(outcome == .published(url: "https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/",
                                          externalID: "urn:li:share:6844785523593134080", status: 201))
            let request = try #require(harness.server.requests.first)
            #expect(request.method == "POST" && request.uri == "/rest/posts")
            #expect(request.header("Authorization") == "Bearer \(token)")
            #expect(request.header("LinkedIn-Version") == "202505")
            #expect(request.header("X-Restli-Protocol-Version") == "2.0.0")
            #expect(request.header("Content-Type") == "application/json")
            let body = try #require(request.json)
            #expect(body["author"] as? String == "urn:li:person:8675309")
            #expect(body["commentary"] as? String == ##"Pacer \(v1\) ships \#swift\_lang #Swift \@home \[x\] \*bold\*"##)
            #expect(body["visibility"] as? String == "PUBLIC")
            #expect(body["lifecycleState"] as? String == "PUBLISHED")
            #expect(body["isReshareDisabledByAuthor"] as? Bool == false)
            let distribution = try #require(body["distribution"] as? [String: Any])
            #expect(distribution["feedDistribution"] as? String == "MAIN_FEED")
            #expect((distribution["targetEntities"] as? [Any])?.isEmpty == true)
            #expect((distribution["thirdPartyDistributionChannels"] as? [Any])?.isEmpty == true)
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func aDuplicatePostFailsWithThatReason() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/rest/posts", .json(422, #"{"message":"ERROR :: /commentary :: duplicate","errorDetails":{"inputErrors":[{"code":"DUPLICATE_POST"}]},"status":422}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("DUPLICATE_POST"))
        }
    }

    @Test func otherClientErrorsFailWithTheServersMessage() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/rest/posts", .json(400, #"{"message":"Invalid author","status":400}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "HTTP 400: Invalid author", status: 400))
        }
    }

    @Test func aRateLimitIsRetriedWithoutUsingAnAttempt() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/rest/posts", .json(429, #"{"message":"Resource level throttle limit reached","status":429}"#, headers: [("Retry-After", "3600")]))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isRetry && outcome.consumesAttempt == false)
            #expect(outcome.retryAfter == testNow.addingTimeInterval(3600))
        }
    }

    @Test func aServerErrorIsRetriedThenPublished() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/rest/posts", .json(500, #"{"message":"Internal Server Error"}"#),
                                  ScriptedReply(status: 201, headers: [("x-restli-id", "urn:li:share:1")]))
            let linkedin = try publisher(harness)
            #expect(await linkedin.publish(publication(), now: testNow).isRetry)
            #expect(await linkedin.publish(publication(), now: testNow) == .published(url: "https://www.linkedin.com/feed/update/urn:li:share:1/", externalID: "urn:li:share:1", status: 201))
        }
    }

    @Test func aTimeoutIsUnknown() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/rest/posts", .hold)
            let linkedin = try publisher(harness, timeout: 2)
            let outcome = await linkedin.publish(publication(), now: testNow)
            #expect(outcome.isUnknown)
            #expect(await linkedin.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow) == .undetermined)
            harness.expectAbsent(token, from: [outcome])
        }
    }
}
