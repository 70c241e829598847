import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// Images and thread parts on an X channel (issue 25): `POST /2/media/upload`, the alt text with
/// `POST /2/media/metadata`, then the post with `media.media_ids` and `reply`.
struct XMediaTests {
    let token = "x-user-token-media-never-print"
    let uploaded = #"{"data":{"id":"1880028106020515840","media_key":"3_1880028106020515840","size":4104,"expires_after_secs":86400}}"#
    let tweet = #"{"data":{"id":"1445880548472328192","text":"Hello"}}"#

    func publisher(_ harness: Harness) throws -> XPublisher {
        try harness.addCredential("x-token", token)
        let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token")
        return XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, stateDirectory: harness.stateDirectory,
                          logger: harness.logs.logger)
    }

    @Test func uploadsTheImageSetsItsAltTextThenPostsWithItsMediaID() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(21))
            harness.server.script("POST", "/2/media/upload", .json(200, uploaded))
            harness.server.script("POST", "/2/media/metadata", .json(200, #"{"data":{"associated_metadata":{"alt_text":{"text":"x"}}}}"#))
            harness.server.script("POST", "/2/tweets", .json(201, tweet))
            let x = try publisher(harness)
            #expect(x.publishesPartByPart)
            let outcome = await x.publish(publication(parts: [PublicationPart(text: "Weekly numbers", images: [chart])]), now: testNow)
            #expect(outcome == .published(url: "https://x.com/i/web/status/1445880548472328192", externalID: "1445880548472328192", status: 201))
            #expect(harness.server.requests.map(\.path) == ["/2/media/upload", "/2/media/metadata", "/2/tweets"])

            let upload = try #require(harness.server.requests(to: "/2/media/upload").first)
            #expect(upload.header("Authorization") == "Bearer \(token)")
            let form = try #require(MultipartForm(upload))
            #expect(form["media"]?.content == imageBytes(21), "the media part carries the stored bytes exactly")
            #expect(form["media_category"]?.text == "tweet_image")
            #expect(form["media_type"]?.text == "image/png")

            let metadata = try #require(harness.server.requests(to: "/2/media/metadata").first)
            #expect(metadata.bodyText == #"{"id":"1880028106020515840","metadata":{"alt_text":{"text":"A bar chart: posts per week, rising"}}}"#)
            let post = try #require(harness.server.requests(to: "/2/tweets").first)
            #expect(post.bodyText == #"{"media":{"media_ids":["1880028106020515840"]},"text":"Weekly numbers"}"#)
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func anImageWithoutAltTextHasNoMetadataRequest() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(22), alt: nil)
            harness.server.script("POST", "/2/media/upload", .json(200, uploaded))
            harness.server.script("POST", "/2/tweets", .json(201, tweet))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "", images: [chart])]), now: testNow)
            #expect(!outcome.isFailed && !outcome.isRetry, "\(outcome)")
            #expect(harness.server.requests(to: "/2/media/metadata").isEmpty)
            #expect(harness.server.requests(to: "/2/tweets").first?.bodyText == #"{"media":{"media_ids":["1880028106020515840"]}}"#,
                    "a post of images only has no text")
        }
    }

    @Test func aThreadPartRepliesToThePreviousPart() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", .json(201, tweet))
            let parts = [PublicationPart(text: "1/2 A thread"), PublicationPart(text: "2/2 The end")]
            let reply = ThreadReply(root: PublishedPart(externalID: "1000"), parent: PublishedPart(externalID: "1001"))
            let outcome = try await publisher(harness).publish(publication(parts: parts, partIndex: 1, replyTo: reply), now: testNow)
            #expect(outcome == .published(url: "https://x.com/i/web/status/1445880548472328192", externalID: "1445880548472328192", status: 201))
            #expect(harness.server.requests(to: "/2/tweets").first?.bodyText == #"{"reply":{"in_reply_to_tweet_id":"1001"},"text":"2/2 The end"}"#)
        }
    }

    @Test func anUploadRefusedForTheImageFailsNamingItAndPostsNothing() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(23))
            harness.server.script("POST", "/2/media/upload", .json(400, #"{"title":"Invalid Request","detail":"media type unrecognized","status":400}"#))
            harness.server.script("POST", "/2/tweets", .json(201, tweet))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome == .failed(reason: "uploading image 1 (sha256 \(chart.sha256.prefix(12))): HTTP 400: media type unrecognized", status: 400))
            #expect(harness.server.requests(to: "/2/tweets").isEmpty)
        }
    }

    @Test func anUploadServerErrorOrRateLimitIsARetryAndPostsNothing() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(24))
            harness.server.script("POST", "/2/media/upload", .json(503, #"{"title":"Service Unavailable"}"#),
                                  .json(429, #"{"title":"Too Many Requests"}"#, headers: [("x-rate-limit-reset", "1796115600")]))
            let x = try publisher(harness)
            let part = publication(parts: [PublicationPart(text: "Chart", images: [chart])])
            let unavailable = await x.publish(part, now: testNow)
            #expect(unavailable.isRetry && unavailable.consumesAttempt == true, "\(unavailable)")
            let limited = await x.publish(part, now: testNow)
            #expect(limited.isRetry && limited.consumesAttempt == false)
            #expect(limited.retryAfter == Date(timeIntervalSince1970: 1_796_115_600))
            #expect(harness.server.requests(to: "/2/tweets").isEmpty)
        }
    }

    @Test func a401OnAnUploadRenewsTheTokenOnceAndUploadsAgain() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(26), alt: nil)
            let credential = #"{"access_token":"x-access-OLD-never-print","client_id":"pacer-client-id","refresh_token":"x-refresh-OLD-never-print"}"#
            try harness.addCredential("x-token", credential)
            let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token")
            let x = XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                               stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            harness.server.script("POST", "/2/media/upload", .json(401, #"{"title":"Unauthorized","status":401}"#), .json(200, uploaded))
            harness.server.script("POST", "/2/oauth2/token", .json(200, #"{"token_type":"bearer","expires_in":7200,"access_token":"x-access-NEW-never-print","refresh_token":"x-refresh-NEW-never-print"}"#))
            harness.server.script("POST", "/2/tweets", .json(201, tweet))
            let outcome = await x.publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(!outcome.isFailed && !outcome.isRetry, "\(outcome)")
            #expect(harness.server.requests.map(\.path) == ["/2/media/upload", "/2/oauth2/token", "/2/media/upload", "/2/tweets"])
            #expect(harness.server.requests(to: "/2/media/upload").last?.header("Authorization") == "Bearer x-access-NEW-never-print")
            #expect(harness.server.requests(to: "/2/tweets").first?.header("Authorization") == "Bearer x-access-NEW-never-print")
            harness.expectAbsent("x-access-NEW-never-print", from: [outcome])
        }
    }

    @Test func aGIFIsRefusedBeforeAnyUpload() async throws {
        try await Harness.with { harness in
            let gif = try storedImage(harness, imageBytes(25), format: .gif)
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Loop", images: [gif])]), now: testNow)
            #expect(outcome == .failed(reason: "image 1 (sha256 \(gif.sha256.prefix(12))) is image/gif; X takes image/jpeg, image/png, image/webp", status: nil))
            #expect(harness.server.requests.isEmpty)
            #expect(await (try publisher(harness)).mediaLimits() == MediaLimits(maxImages: 4, maxImageBytes: 5_000_000, maxAltCharacters: 1_000,
                                                                               formats: [.jpeg, .png, .webp]))
        }
    }
}
