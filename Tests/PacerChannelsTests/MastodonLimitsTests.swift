import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// The publish-time length check of a Mastodon channel (issue 22, items 4 and 5): it counts as
/// `pacer add` counts, learns the limit from `/api/v2/instance` or else `/api/v1/instance`, keeps
/// every answer (a 404 too), and lets the channel's `max_length` win.
struct MastodonLimitsTests {
    let status = #"{"id":"1091","url":"https://social.example/@me/1091"}"#
    let published = PublishOutcome.published(url: "https://social.example/@me/1091", externalID: "1091", status: 200)

    func publisher(_ harness: Harness, maxLength: Int? = nil) throws -> MastodonPublisher {
        try harness.addCredential("mastodon-token", "mstdn-token")
        let settings = try MastodonSettings(baseURL: harness.server.baseURL, credential: "mastodon-token", maxLength: maxLength)
        return MastodonPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                 stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    @Test func aRemoteMentionCountsAsItsUserPartAtPublish() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let text = String(repeating: "a", count: 490) + " @someone@mastodon.social"
            #expect(ContentLimit.check(text, kind: "mastodon") == nil, "pacer add accepts it")
            let mastodon = try publisher(harness)
            #expect(await mastodon.publish(publication(text), now: testNow) == published)
        }
    }

    @Test func aLinkWithoutSchemeCountsInFullAtPublishAsAtAdd() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let text = String(repeating: "a", count: 450) + " www.example.com/" + String(repeating: "p", count: 48)
            #expect(ContentLimit.check(text, kind: "mastodon")?.count == 515, "pacer add refuses it")
            let outcome = try await publisher(harness).publish(publication(text), now: testNow)
            #expect(outcome.reason.contains("counts 515 characters"))
        }
    }

    @Test func anInstanceWithOnlyV1IsReadThereAndAskedOnce() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v1/instance", .json(200, #"{"uri":"social.example","configuration":{"statuses":{"max_characters":1000,"characters_reserved_per_url":30}}}"#))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let mastodon = try publisher(harness)
            #expect(await mastodon.instanceMaxCharacters() == 1000)
            #expect(await mastodon.publish(publication(String(repeating: "a", count: 900)), now: testNow) == published)
            let tooLong = await mastodon.publish(publication(String(repeating: "a", count: 980) + " https://example.com"), now: testNow)
            #expect(tooLong.reason == "the text counts 1011 characters; 127.0.0.1 allows 1000", "a link weighs the instance's 30")
            #expect(await mastodon.instanceMaxCharacters() == 1000)
            #expect(harness.server.requests(to: "/api/v2/instance").count == 1)
            #expect(harness.server.requests(to: "/api/v1/instance").count == 1)
        }
    }

    @Test func anOlderServersMaxTootCharsIsItsLimit() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(404, #"{"error":"Not found"}"#))
            harness.server.script("GET", "/api/v1/instance", .json(200, #"{"uri":"social.example","max_toot_chars":5000}"#))
            let mastodon = try publisher(harness)
            #expect(await mastodon.instanceMaxCharacters() == 5000)
        }
    }

    @Test func anInstanceWithoutLimitsIsAskedOnceAndCounts500() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let mastodon = try publisher(harness)
            #expect(await mastodon.instanceMaxCharacters() == nil)
            #expect(await mastodon.publish(publication(String(repeating: "a", count: 500)), now: testNow) == published)
            #expect(await mastodon.publish(publication(String(repeating: "a", count: 501)), now: testNow).reason.contains("allows 500"))
            #expect(await mastodon.instanceMaxCharacters() == nil)
            #expect(harness.server.requests(to: "/api/v2/instance").count == 1, "the 404 is kept")
            #expect(harness.server.requests(to: "/api/v1/instance").count == 1, "the 404 is kept")
        }
    }

    @Test func aFailedV1LookUpIsAskedAgainButV2sNotFoundIsKept() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v1/instance", .json(503, "{}"), .json(200, #"{"configuration":{"statuses":{"max_characters":700}}}"#))
            let mastodon = try publisher(harness)
            #expect(await mastodon.instanceMaxCharacters() == nil)
            #expect(await mastodon.instanceMaxCharacters() == 700)
            #expect(await mastodon.instanceMaxCharacters() == 700)
            #expect(harness.server.requests(to: "/api/v2/instance").count == 1)
            #expect(harness.server.requests(to: "/api/v1/instance").count == 2)
        }
    }

    @Test func theChannelsMaxLengthWinsAtPublish() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(200, #"{"configuration":{"statuses":{"max_characters":500,"characters_reserved_per_url":23}}}"#))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let longer = try publisher(harness, maxLength: 1_000)
            #expect(ContentLimit.check(String(repeating: "a", count: 600), kind: "mastodon", maxLength: 1_000) == nil, "pacer add accepts it")
            #expect(await longer.publish(publication(String(repeating: "a", count: 600)), now: testNow) == published)
            let refused = await longer.publish(publication(String(repeating: "a", count: 1_001)), now: testNow)
            #expect(refused.reason == "the text counts 1001 characters; max_length is 1000")
            let shorter = try publisher(harness, maxLength: 100)
            #expect(await shorter.publish(publication(String(repeating: "a", count: 101)), now: testNow).isFailed)
        }
    }
}
