import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct MastodonPublisherTests {
    let token = "mstdn-token-Zq81-never-print"
    let status = #"{"id":"1091","url":"https://social.example/@me/1091","uri":"https://social.example/users/me/statuses/1091"}"#

    /// The timeout of tests whose request the server holds: long enough for the request to reach
    /// the server on a loaded machine (connection included), after which the hold runs it out.
    /// Its pause before sending again is 2 × 2 s + 30 s = 34 s.
    let heldTimeout = 2.0

    func publisher(_ harness: Harness, timeout: Double = 30) throws -> MastodonPublisher {
        try harness.addCredential("mastodon-token", token)
        let settings = try MastodonSettings(baseURL: harness.server.baseURL, credential: "mastodon-token", visibility: "unlisted",
                                            language: "en", timeout: TimeSpan(seconds: timeout))
        return MastodonPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                 stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    func instance(maxCharacters: Int) -> ScriptedReply {
        .json(200, #"{"domain":"social.example","configuration":{"statuses":{"max_characters":\#(maxCharacters),"characters_reserved_per_url":23}}}"#)
    }

    @Test func postsAStatusWithBearerAndIdempotencyKey() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", instance(maxCharacters: 500))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .published(url: "https://social.example/@me/1091", externalID: "1091", status: 200))
            let post = try #require(harness.server.requests(to: "/api/v1/statuses").first)
            #expect(post.method == "POST")
            #expect(post.header("Authorization") == "Bearer \(token)")
            #expect(post.header("Idempotency-Key") == "pacer-0123456789abcdef-delivery-42")
            #expect(post.header("Content-Type") == "application/json")
            #expect(post.bodyText == #"{"language":"en","status":"Hello, 世界 👋 https://example.com/a_b","visibility":"unlisted"}"#)
            #expect(harness.server.requests(to: "/api/v2/instance").first?.header("Authorization") == nil)
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func theInstanceLimitCountsEveryURLAs23() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", instance(maxCharacters: 30))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let mastodon = try publisher(harness)
            #expect(await mastodon.instanceMaxCharacters() == 30)
            // 6 characters + a 60-character URL counted as 23 = 29.
            let fits = await mastodon.publish(publication("Read: https://example.com/" + String(repeating: "x", count: 34)), now: testNow)
            #expect(fits == .published(url: "https://social.example/@me/1091", externalID: "1091", status: 200))
            let tooLong = await mastodon.publish(publication(String(repeating: "é", count: 31)), now: testNow)
            #expect(tooLong == .failed(reason: "the text counts 31 characters; 127.0.0.1 allows 30", status: nil))
            #expect(harness.server.requests(to: "/api/v1/statuses").count == 1)
            #expect(harness.server.requests(to: "/api/v2/instance").count == 1, "the limits are asked once")
        }
    }

    @Test func theInstanceLimitIsAskedUntilTheInstanceAnswersOnce() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(503, "{}"), instance(maxCharacters: 1000))
            let mastodon = try publisher(harness)
            #expect(await mastodon.instanceMaxCharacters() == nil, "no answer: the caller assumes 500")
            #expect(await mastodon.instanceMaxCharacters() == 1000)
            #expect(await mastodon.instanceMaxCharacters() == 1000)
            #expect(harness.server.requests(to: "/api/v2/instance").count == 2, "kept once answered")
        }
    }

    @Test func withoutAnInstanceAnswerTheLimitIs500() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(503, "{}"))
            let outcome = try await publisher(harness).publish(publication(String(repeating: "a", count: 501)), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("allows 500"))
        }
    }

    @Test func aValidationErrorFailsWithTheServersText() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(422, #"{"error":"Validation failed: Text character limit of 500 exceeded"}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "HTTP 422: Validation failed: Text character limit of 500 exceeded", status: 422))
        }
    }

    @Test func aRateLimitWaitsUntilXRateLimitReset() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(429, #"{"error":"Too many requests"}"#, headers: [
                ("X-RateLimit-Limit", "300"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "2026-12-01T09:30:00.000Z"),
            ]))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome.isRetry)
            #expect(outcome.consumesAttempt == false)
            #expect(outcome.retryAfter == ISOInstant.parse("2026-12-01T09:30:00Z"))
        }
    }

    @Test func aServerErrorThenSuccessReusesTheKeyAfterThePause() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(502, "bad gateway"), .json(200, status))
            let mastodon = try publisher(harness)
            let first = await mastodon.publish(publication(), now: testNow)
            #expect(first.isRetry && first.consumesAttempt == true)
            #expect(first.retryAfter == testNow.addingTimeInterval(90), "2 × 30 s + 30 s")
            // The statuses cannot be read here (404): the key's hour is relied on, after the pause.
            let early = await mastodon.publish(publication(), now: testNow.addingTimeInterval(60))
            #expect(early.isRetry && early.consumesAttempt == false && early.retryAfter == testNow.addingTimeInterval(90), "\(early)")
            let second = await mastodon.publish(publication(), now: testNow.addingTimeInterval(90))
            #expect(second == .published(url: "https://social.example/@me/1091", externalID: "1091", status: 200))
            let keys = harness.server.requests(to: "/api/v1/statuses").map { $0.header("Idempotency-Key") }
            #expect(keys == ["pacer-0123456789abcdef-delivery-42", "pacer-0123456789abcdef-delivery-42"])
        }
    }

    /// The status of ``publication()`` as Mastodon's API returns it: `content` is HTML, the link
    /// wrapped and split into visible and hidden parts; there is no `text`.
    func ownStatuses(createdAt: String = "2026-12-01T09:00:06.123Z") -> ScriptedReply {
        .json(200, #"""
        [{"id":"1091","created_at":"\#(createdAt)","url":"https://social.example/@me/1091","uri":"https://social.example/users/me/statuses/1091",
          "content":"<p>Hello, 世界 👋 <a href=\"https://example.com/a_b\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span class=\"invisible\">https://</span><span class=\"\">example.com/a_b</span><span class=\"invisible\"></span></a></p>"},
         {"id":"1090","created_at":"2026-11-30T18:00:00.000Z","url":"https://social.example/@me/1090","content":"<p>Yesterday&#39;s post</p>"}]
        """#)
    }

    func readableAccount(_ harness: Harness, statuses: ScriptedReply) {
        harness.server.script("GET", "/api/v1/accounts/verify_credentials", .json(200, #"{"id":"1","username":"me","acct":"me"}"#))
        harness.server.script("GET", "/api/v1/accounts/1/statuses", statuses)
    }

    @Test func aLostReplyIsFoundAmongTheAccountsStatusesNotPostedTwice() async throws {
        try await Harness.with { harness in
            // The server ignores Idempotency-Key: it makes the status, the reply is lost, and a
            // second POST would make a second status.
            harness.server.script("POST", "/api/v1/statuses", .hold, .json(200, #"{"id":"1092","url":"https://social.example/@me/1092"}"#))
            readableAccount(harness, statuses: ownStatuses())
            let mastodon = try publisher(harness, timeout: heldTimeout)
            let first = await mastodon.publish(publication(), now: testNow)
            #expect(first.isRetry, "\(first)")
            let second = await mastodon.publish(publication(), now: testNow.addingTimeInterval(300))
            #expect(second == .published(url: "https://social.example/@me/1091", externalID: "1091"))
            #expect(harness.server.requests(to: "/api/v1/statuses").count == 1, "exactly one status exists")
            let lookup = try #require(harness.server.requests(to: "/api/v1/accounts/1/statuses").first)
            #expect(lookup.query == "limit=40&exclude_reblogs=true")
            #expect(lookup.header("Authorization") == "Bearer \(token)")
            #expect(!FileManager.default.fileExists(atPath: harness.stateDirectory + "/unanswered/delivery-42"), "settled")
            harness.expectAbsent(token, from: [first, second])
        }
    }

    @Test func aPostNotFoundIsSentAgainOnlyAfterThePause() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .hold, .json(200, status))
            readableAccount(harness, statuses: .json(200, "[]"))
            let first = await (try publisher(harness, timeout: heldTimeout)).publish(publication(), now: testNow)
            #expect(first.isRetry && first.retryAfter == testNow.addingTimeInterval(34), "\(first)")
            // A restarted pacerd: the first send is remembered on disk.
            let restarted = try publisher(harness, timeout: heldTimeout)
            let early = await restarted.publish(publication(), now: testNow.addingTimeInterval(10))
            #expect(early.isRetry && early.consumesAttempt == false && early.retryAfter == testNow.addingTimeInterval(34), "\(early)")
            #expect(harness.server.requests(to: "/api/v1/statuses").count == 1, "not sent while the first may still run")
            let late = await restarted.publish(publication(), now: testNow.addingTimeInterval(34))
            #expect(late == .published(url: "https://social.example/@me/1091", externalID: "1091", status: 200))
            let keys = harness.server.requests(to: "/api/v1/statuses").map { $0.header("Idempotency-Key") }
            #expect(keys == ["pacer-0123456789abcdef-delivery-42", "pacer-0123456789abcdef-delivery-42"])
        }
    }

    @Test func aBadGatewayOpensTheKeysHourWhenTheStatusesCannotBeRead() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(502, "bad gateway"), .json(200, status))
            harness.server.script("GET", "/api/v1/accounts/verify_credentials", .json(403, #"{"error":"This action is outside the authorized scopes"}"#))
            let mastodon = try publisher(harness)
            let first = await mastodon.publish(publication(), now: testNow)
            #expect(first.isRetry, "\(first)")
            let later = await mastodon.publish(publication(), now: testNow.addingTimeInterval(2 * 3600))
            #expect(later.isUnknown, "\(later)")
            #expect(later.reason.contains("read:accounts and read:statuses"), "\(later)")
            #expect(harness.server.requests(to: "/api/v1/statuses").count == 1, "never sent again blindly")
        }
    }

    @Test func aCrashAfterSendingIsReconciledFromTheAccountsStatuses() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .hold)
            readableAccount(harness, statuses: ownStatuses())
            _ = await (try publisher(harness, timeout: heldTimeout)).publish(publication(), now: testNow)
            // pacerd died with the request in flight; long after, the status is found.
            let restarted = try publisher(harness, timeout: heldTimeout)
            #expect(await restarted.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(2 * 3600))
                == .published(url: "https://social.example/@me/1091"))
            #expect(harness.server.requests(to: "/api/v1/statuses").count == 1)
        }
    }

    @Test func aCrashAfterSendingWithoutTheStatusIsNotPublished() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .hold)
            readableAccount(harness, statuses: ownStatuses(createdAt: "2026-11-30T09:00:00.000Z"))
            _ = await (try publisher(harness, timeout: heldTimeout)).publish(publication(), now: testNow)
            #expect(await (try publisher(harness, timeout: heldTimeout)).reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(2 * 3600))
                == .notPublished, "the same text made before the claim is another status")
        }
    }

    @Test func aTimeoutIsSafeToRetryUnderTheSameKeyForAnHour() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", instance(maxCharacters: 500))
            harness.server.script("POST", "/api/v1/statuses", .hold, .json(200, status))
            let mastodon = try publisher(harness, timeout: heldTimeout)
            let first = await mastodon.publish(publication(), now: testNow)
            #expect(first.isRetry, "\(first)")
            // The replay: Mastodon answers a known key with the status it already made.
            let replay = await mastodon.publish(publication(), now: testNow.addingTimeInterval(300))
            #expect(replay == .published(url: "https://social.example/@me/1091", externalID: "1091", status: 200))
            harness.expectAbsent(token, from: [first, replay])
        }
    }

    @Test func aCrashBeforeAnyRequestIsNotPublished() async throws {
        try await Harness.with { harness in
            let mastodon = try publisher(harness)
            #expect(await mastodon.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(30)) == .notPublished)
            #expect(await mastodon.reconcile(deliveryID: 9, claimedAt: testNow, now: testNow.addingTimeInterval(3600)) == .notPublished,
                    "every request is recorded before it is sent")
            #expect(harness.server.requests.isEmpty)
        }
    }

    @Test func aCrashAfterSendingFallsBackToTheKeysHourWhenTheStatusesCannotBeRead() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .hold)
            harness.server.script("GET", "/api/v1/accounts/verify_credentials", .json(401, #"{"error":"The access token is invalid"}"#))
            _ = await (try publisher(harness, timeout: heldTimeout)).publish(publication(), now: testNow)
            let mastodon = try publisher(harness, timeout: heldTimeout)
            #expect(await mastodon.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(600)) == .notPublished)
            #expect(await mastodon.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(3600)) == .undetermined)
        }
    }

    @Test func aRefusedTokenFailsAndAnEchoedTokenIsRedacted() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(401, #"{"error":"The access token \#(token) is invalid"}"#))
            let outcome = try await publisher(harness).publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "refused, check the credential (HTTP 401: The access token <redacted> is invalid)", status: 401))
            harness.expectAbsent(token, from: [outcome])
        }
    }
}
