import Foundation
import PacerCore
import Testing
@testable import PacerChannels

struct BlueskyPublisherTests {
    let password = "abcd-efgh-ijkl-mnop"
    let session = #"{"did":"did:plc:me123","handle":"me.example","accessJwt":"access-jwt-1-never-print","refreshJwt":"refresh-jwt-1-never-print","active":true}"#
    let text = "Hi @friend.example ✨ see https://example.com/x. #swift"

    func publisher(_ harness: Harness, timeout: Double = 30) throws -> BlueskyPublisher {
        try harness.addCredential("bsky-app-password", password)
        let settings = try BlueskySettings(baseURL: harness.server.baseURL, identifier: "me.example", credential: "bsky-app-password",
                                           language: "en", timeout: TimeSpan(seconds: timeout))
        return BlueskyPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    func created(_ rkey: String) -> ScriptedReply {
        .json(200, #"{"uri":"at://did:plc:me123/app.bsky.feed.post/\#(rkey)","cid":"\#(postCID)","validationStatus":"valid"}"#)
    }

    var rkey: String { RecordKey.make(at: testNow, delivery: 42) }
    /// A record's CID as a PDS answers it (CIDv1, dag-cbor, SHA-256).
    let postCID = "bafyreibyxjqwqfygc5yqlvbgygeqwcb3drstfyatkora4voxoxt7brxdyy"

    func expectNoSecrets(_ harness: Harness, _ outcomes: [PublishOutcome], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [password, "access-jwt-1-never-print", "refresh-jwt-1-never-print", "access-jwt-2-never-print"] {
            harness.expectAbsent(secret, from: outcomes, sourceLocation: sourceLocation)
        }
    }

    @Test func logsInOnceAndCreatesThePostWithFacetsAndAFixedRecordKey() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("GET", "/xrpc/com.atproto.identity.resolveHandle", .json(200, #"{"did":"did:plc:friend456"}"#))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(rkey))
            let outcome = try await publisher(harness).publish(publication(text), now: testNow)
            #expect(outcome == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)", status: 200, contentID: postCID))

            let login = try #require(harness.server.requests(to: "/xrpc/com.atproto.server.createSession").first)
            #expect(login.method == "POST" && login.header("Content-Type") == "application/json")
            #expect(login.bodyText == #"{"identifier":"me.example","password":"\#(password)"}"#)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.identity.resolveHandle").first?.query == "handle=friend.example")

            let create = try #require(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").first)
            #expect(create.header("Authorization") == "Bearer access-jwt-1-never-print")
            #expect(RecordKey.isValid(rkey))
            #expect(create.bodyText == """
                {"collection":"app.bsky.feed.post","record":{"$type":"app.bsky.feed.post","createdAt":"2026-12-01T09:00:05Z",\
                "facets":[{"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:friend456"}],"index":{"byteEnd":18,"byteStart":3}},\
                {"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://example.com/x"}],"index":{"byteEnd":48,"byteStart":27}},\
                {"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"swift"}],"index":{"byteEnd":56,"byteStart":50}}],\
                "langs":["en"],"tags":["swift","pacer"],"text":"\(text)"},"repo":"did:plc:me123","rkey":"\(rkey)"}
                """)
            let file = harness.stateDirectory + "/session.json"
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            expectNoSecrets(harness, [outcome])
        }
    }

    @Test func theSessionIsKeptAcrossPublishesAndRestarts() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created("x"))
            _ = try await publisher(harness).publish(publication("one", delivery: 1), now: testNow)
            _ = try await publisher(harness).publish(publication("two", delivery: 2), now: testNow)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.server.createSession").count == 1)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").count == 2)
        }
    }

    @Test func anExpiredAccessTokenIsRefreshed() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.server.refreshSession",
                                  .json(200, #"{"did":"did:plc:me123","handle":"me.example","accessJwt":"access-jwt-2-never-print","refreshJwt":"refresh-jwt-2"}"#))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord",
                                  .json(400, #"{"error":"ExpiredToken","message":"Token has expired"}"#), created(rkey))
            let outcome = try await publisher(harness).publish(publication("plain"), now: testNow)
            #expect(outcome == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)", status: 200, contentID: postCID))
            #expect(harness.server.requests(to: "/xrpc/com.atproto.server.refreshSession").first?.header("Authorization") == "Bearer refresh-jwt-1-never-print")
            let creates = harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord")
            #expect(creates.map { $0.header("Authorization") } == ["Bearer access-jwt-1-never-print", "Bearer access-jwt-2-never-print"])
            #expect(creates.map { $0.json?["rkey"] as? String } == [rkey, rkey])
            #expect(harness.server.requests(to: "/xrpc/com.atproto.server.createSession").count == 1)
            expectNoSecrets(harness, [outcome])
        }
    }

    @Test func aServerErrorIsRetriedUnderTheSameRecordKey() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", .json(502, "{}"), created(rkey))
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", .json(400, #"{"error":"RecordNotFound","message":"Could not locate record"}"#))
            let bluesky = try publisher(harness)
            let first = await bluesky.publish(publication("plain"), now: testNow)
            #expect(first.isRetry && first.consumesAttempt == true)
            let second = await bluesky.publish(publication("plain"), now: testNow.addingTimeInterval(600))
            #expect(second == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)", status: 200, contentID: postCID))
            let lookup = try #require(harness.server.requests(to: "/xrpc/com.atproto.repo.getRecord").first)
            #expect(lookup.query == "collection=app.bsky.feed.post&repo=did:plc:me123&rkey=\(rkey)")
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").map { $0.json?["rkey"] as? String } == [rkey, rkey])
        }
    }

    @Test func aTimeoutIsRetriedAndTheReplayFindsTheRecordInsteadOfPostingAgain() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", .hold)
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord",
                                  .json(200, #"{"uri":"at://did:plc:me123/app.bsky.feed.post/\#(rkey)","cid":"\#(postCID)","value":{}}"#))
            let bluesky = try publisher(harness, timeout: 2)
            let first = await bluesky.publish(publication("plain"), now: testNow)
            #expect(first.isRetry, "the record key makes a replay safe: \(first)")
            let replay = await bluesky.publish(publication("plain"), now: testNow.addingTimeInterval(3 * 3600))
            #expect(replay == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)", contentID: postCID))
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").count == 1)
            expectNoSecrets(harness, [first, replay])
        }
    }

    var notFound: ScriptedReply { .json(400, #"{"error":"RecordNotFound","message":"Could not locate record"}"#) }
    var found: ScriptedReply { .json(200, #"{"uri":"at://did:plc:me123/app.bsky.feed.post/\#(rkey)","cid":"\#(postCID)","value":{}}"#) }

    /// The reference PDS answers a create over an existing record key with a 500 (issue 22, item 11):
    /// whatever a refused create says, getRecord in the same attempt decides.
    @Test(arguments: [
        ScriptedReply.json(500, #"{"error":"InternalServerError","message":"Internal Server Error"}"#),
        ScriptedReply.json(409, #"{"error":"RecordAlreadyExists","message":"Record already exists"}"#),
        ScriptedReply.json(400, #"{"error":"InvalidRequest","message":"Record already exists"}"#),
    ])
    func aRefusedCreateIsPublishedWhenGetRecordShowsTheRecord(refusal: ScriptedReply) async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", refusal)
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", found)
            let outcome = try await publisher(harness).publish(publication("plain"), now: testNow)
            #expect(outcome == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)", contentID: postCID))
            #expect(harness.server.requests.map(\.path) == [
                "/xrpc/com.atproto.server.createSession", "/xrpc/com.atproto.repo.createRecord", "/xrpc/com.atproto.repo.getRecord",
            ])
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.getRecord").first?.query == "collection=app.bsky.feed.post&repo=did:plc:me123&rkey=\(rkey)")
        }
    }

    @Test func aServerErrorWithoutTheRecordIsRetriedAndTheRetryCreatesIt() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord",
                                  .json(500, #"{"error":"InternalServerError","message":"Internal Server Error"}"#), created(rkey))
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", notFound)
            let bluesky = try publisher(harness)
            let first = await bluesky.publish(publication("plain"), now: testNow)
            #expect(first.isRetry && first.consumesAttempt == true, "\(first)")
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.getRecord").count == 1, "looked up in the same attempt")
            let second = await bluesky.publish(publication("plain"), now: testNow.addingTimeInterval(600))
            #expect(second == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)", status: 200, contentID: postCID))
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").map { $0.json?["rkey"] as? String } == [rkey, rkey])
        }
    }

    @Test func aClientErrorIsRetriedWhileGetRecordCannotSay() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", .json(400, #"{"error":"InvalidRequest","message":"Bad record"}"#))
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", .json(503, "{}"))
            let outcome = try await publisher(harness).publish(publication("plain"), now: testNow)
            #expect(outcome == .retry(reason: "HTTP 400: Bad record; cannot check whether record \(rkey) exists yet", after: nil, status: 400, consumesAttempt: true))
        }
    }

    /// Beyond 3,000 UTF-8 bytes, 8 tags or 64 graphemes a tag, the PDS would refuse the record
    /// (issue 22, item 7): the delivery fails before any request, saying which field and by how much.
    @Test func aPostBeyondTheRecordsLimitsFailsWithoutARequest() async throws {
        try await Harness.with { harness in
            let bluesky = try publisher(harness)
            let family = "👨‍👩‍👧‍👦"
            let emoji = await bluesky.publish(publication(String(repeating: family, count: 130), tags: []), now: testNow)
            #expect(emoji == .failed(reason: "the post does not fit a Bluesky record: text: 3250 UTF-8 bytes, Bluesky allows at most 3000; shorten it by 250 bytes (an emoji takes 4 bytes or more)", status: nil))
            let tags = await bluesky.publish(publication("nine tags", tags: (1...9).map { "t\($0)" }), now: testNow)
            #expect(tags == .failed(reason: "the post does not fit a Bluesky record: tags: 9, Bluesky allows at most 8; remove 1", status: nil))
            let long = await bluesky.publish(publication("long tag", tags: ["#" + String(repeating: "y", count: 65)]), now: testNow)
            #expect(long == .failed(reason: "the post does not fit a Bluesky record: tag 1 (yyyyyyyyyyyyyyyyyyyy…): 65 characters, Bluesky allows at most 64; shorten it by 1", status: nil))
            #expect(harness.server.requests.isEmpty)
        }
    }

    @Test func aRateLimitWaitsUntilRatelimitReset() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", .json(429, #"{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}"#, headers: [
                ("ratelimit-limit", "5000"), ("ratelimit-remaining", "0"), ("ratelimit-reset", "1796115600"), ("ratelimit-policy", "5000;w=3600"),
            ]))
            let outcome = try await publisher(harness).publish(publication("plain"), now: testNow)
            #expect(outcome.isRetry && outcome.consumesAttempt == false)
            #expect(outcome.retryAfter == Date(timeIntervalSince1970: 1_796_115_600))
        }
    }

    @Test func anInvalidRecordFailsWithTheServersMessage() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord",
                                  .json(400, #"{"error":"InvalidRequest","message":"Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes"}"#))
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", notFound)
            let outcome = try await publisher(harness).publish(publication("plain"), now: testNow)
            #expect(outcome == .failed(reason: "HTTP 400: Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes", status: 400))
        }
    }

    @Test func aRefusedLoginFailsWithoutTheAppPassword() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession",
                                  .json(401, #"{"error":"AuthenticationRequired","message":"Invalid identifier or password \#(password)"}"#))
            let outcome = try await publisher(harness).publish(publication("plain"), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("Bluesky refused the login of me.example"))
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").isEmpty)
            expectNoSecrets(harness, [outcome])
        }
    }

    @Test func reconcilingLooksTheRecordUp() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", .hold)
            let bluesky = try publisher(harness, timeout: 2)
            #expect(await bluesky.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow) == .notPublished, "no request was ever made")
            _ = await bluesky.publish(publication("plain"), now: testNow)
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", .json(200, #"{"uri":"at://did:plc:me123/app.bsky.feed.post/\#(rkey)","cid":"\#(postCID)","value":{}}"#))
            #expect(await bluesky.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow.addingTimeInterval(86_400))
                    == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)"))
        }
    }
}
