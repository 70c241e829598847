import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// Images and thread parts on a Mastodon channel (issue 25): uploaded with `POST /api/v2/media`
/// (polled while the instance processes them), then named in the status; limits read from the
/// instance.
struct MastodonMediaTests {
    let token = "mstdn-token-media-never-print"
    let status = #"{"id":"1091","url":"https://social.example/@me/1091"}"#
    let published = PublishOutcome.published(url: "https://social.example/@me/1091", externalID: "1091", status: 200)

    func publisher(_ harness: Harness, timeout: Double = 30) throws -> MastodonPublisher {
        try harness.addCredential("mastodon-token", token)
        let settings = try MastodonSettings(baseURL: harness.server.baseURL, credential: "mastodon-token", timeout: TimeSpan(seconds: timeout))
        return MastodonPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                 stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    @Test func uploadsEachImageWithItsAltTextThenNamesThemInTheStatus() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(1))
            let photo = try storedImage(harness, imageBytes(2, count: 9000), format: .jpeg, alt: nil)
            harness.server.script("POST", "/api/v2/media", .json(200, #"{"id":"m1","type":"image"}"#), .json(200, #"{"id":"m2","type":"image"}"#))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let mastodon = try publisher(harness)
            #expect(mastodon.publishesPartByPart)
            let outcome = await mastodon.publish(publication(parts: [PublicationPart(text: "Weekly numbers", images: [chart, photo])]), now: testNow)
            #expect(outcome == published)

            let uploads = harness.server.requests(to: "/api/v2/media")
            try #require(uploads.count == 2)
            #expect(uploads.allSatisfy { $0.header("Authorization") == "Bearer \(token)" })
            let first = try #require(MultipartForm(uploads[0]))
            #expect(first["file"]?.content == imageBytes(1), "the file part carries the stored bytes exactly")
            #expect(first["file"]?.header("Content-Type") == "image/png")
            #expect(first["description"]?.text == "A bar chart: posts per week, rising")
            let second = try #require(MultipartForm(uploads[1]))
            #expect(second["file"]?.content == imageBytes(2, count: 9000))
            #expect(second["file"]?.header("Content-Type") == "image/jpeg")
            #expect(second["description"] == nil, "an image queued with --no-alt-text has no description")

            let post = try #require(harness.server.requests(to: "/api/v1/statuses").first)
            #expect(post.json?["media_ids"] as? [String] == ["m1", "m2"])
            #expect(post.json?["in_reply_to_id"] == nil)
            #expect(post.header("Idempotency-Key") == "pacer-0123456789abcdef-delivery-42")
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func anImageStillProcessingIsPolledUntilReadyBeforeTheStatus() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(3))
            harness.server.script("POST", "/api/v2/media", .json(202, #"{"id":"m7","type":"image","url":null}"#))
            harness.server.script("GET", "/api/v1/media/m7", .json(206, #"{"id":"m7","url":null}"#), .json(200, #"{"id":"m7","url":"https://files.example/m7.png"}"#))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome == published)
            let paths = harness.server.requests.map { "\($0.method) \($0.path)" }.filter { !$0.contains("/instance") }
            #expect(paths == ["POST /api/v2/media", "GET /api/v1/media/m7", "GET /api/v1/media/m7", "POST /api/v1/statuses"])
            #expect(harness.server.requests(to: "/api/v1/media/m7").allSatisfy { $0.header("Authorization") == "Bearer \(token)" })
            #expect(harness.server.requests(to: "/api/v1/statuses").first?.json?["media_ids"] as? [String] == ["m7"])
        }
    }

    @Test func anImageStillProcessingAtTheTimeoutIsARetryWithoutAStatus() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(4))
            harness.server.script("POST", "/api/v2/media", .json(202, #"{"id":"m8","url":null}"#))
            harness.server.script("GET", "/api/v1/media/m8", .json(206, #"{"id":"m8","url":null}"#))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let outcome = try await publisher(harness, timeout: 6).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome.isRetry && outcome.consumesAttempt == true, "\(outcome)")
            // The wait ends at a look that finds it still processing, or, on a loaded machine, at a look
            // the deadline cut short: either way nothing was posted.
            #expect(outcome.reason.contains("still being processed") || outcome.reason.contains("timeout (6s) ran out"), "\(outcome)")
            #expect(harness.server.requests(to: "/api/v1/statuses").isEmpty)
        }
    }

    @Test func aThreadPartRepliesToThePreviousPartWithItsOwnKey() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let parts = [PublicationPart(text: "1/2 A thread"), PublicationPart(text: "2/2 The end")]
            let reply = ThreadReply(root: PublishedPart(externalID: "1000"), parent: PublishedPart(externalID: "1001"))
            let outcome = try await publisher(harness).publish(publication(parts: parts, partIndex: 1, replyTo: reply), now: testNow)
            #expect(outcome == published)
            let post = try #require(harness.server.requests(to: "/api/v1/statuses").first)
            #expect(post.json?["status"] as? String == "2/2 The end")
            #expect(post.json?["in_reply_to_id"] as? String == "1001")
            #expect(post.json?["media_ids"] == nil)
            #expect(post.header("Idempotency-Key") == "pacer-0123456789abcdef-delivery-42-part-2")
        }
    }

    @Test func aLostAnswerIsNotTakenForThePreviousImageOnlyPartOfTheThread() async throws {
        try await Harness.with { harness in
            // Part 2 (images only, replying to part 1) was just published; part 3 (images only,
            // replying to part 2) loses its answer and was not made. Same (empty) text: only its
            // place in the thread tells the statuses apart.
            let chart = try storedImage(harness, imageBytes(13))
            let createdAt = ISOInstant.format(testNow.addingTimeInterval(-10))
            harness.server.script("GET", "/api/v1/accounts/verify_credentials", .json(200, #"{"id":"1","username":"me","acct":"me"}"#))
            harness.server.script("GET", "/api/v1/accounts/1/statuses", .json(200, #"""
                [{"id":"1002","created_at":"\#(createdAt)","url":"https://social.example/@me/1002","content":"","in_reply_to_id":"1001",
                  "media_attachments":[{"id":"m0","type":"image"}]}]
                """#))
            harness.server.script("POST", "/api/v2/media", .json(200, #"{"id":"m1"}"#))
            harness.server.script("POST", "/api/v1/statuses", .hold, .json(200, #"{"id":"1003","url":"https://social.example/@me/1003"}"#))
            let parts = [PublicationPart(text: "1/3"), PublicationPart(text: "", images: [chart]), PublicationPart(text: "", images: [chart])]
            let reply = ThreadReply(root: PublishedPart(externalID: "1001"), parent: PublishedPart(externalID: "1002"))
            let part3 = publication(parts: parts, partIndex: 2, replyTo: reply)
            let mastodon = try publisher(harness, timeout: 2)
            let first = await mastodon.publish(part3, now: testNow)
            #expect(first.isRetry, "\(first)")
            let second = await mastodon.publish(part3, now: testNow.addingTimeInterval(300))
            #expect(second == .published(url: "https://social.example/@me/1003", externalID: "1003", status: 200))
            #expect(harness.server.requests(to: "/api/v1/statuses").count == 2)
        }
    }

    @Test func anUploadRefusedForTheImageFailsNamingItAndSendsNoStatus() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(5))
            let odd = try storedImage(harness, imageBytes(6))
            harness.server.script("POST", "/api/v2/media", .json(200, #"{"id":"m1"}"#),
                                  .json(422, #"{"error":"File type of uploaded media could not be verified"}"#))
            harness.server.script("POST", "/api/v1/statuses", .json(200, status))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Two", images: [chart, odd])]), now: testNow)
            #expect(outcome == .failed(reason: "uploading image 2 (sha256 \(odd.sha256.prefix(12))): HTTP 422: File type of uploaded media could not be verified",
                                       status: 422))
            #expect(harness.server.requests(to: "/api/v1/statuses").isEmpty)
            #expect(try DeliveryMarks(directory: harness.stateDirectory + "/unanswered").read(42) == nil, "no status request was recorded")
        }
    }

    @Test func anUploadWithoutAnAnswerOrAGatewayTimeoutIsARetryNeverUnknown() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(7))
            harness.server.script("POST", "/api/v2/media", .json(504, "{}"), .json(503, "{}"))
            let mastodon = try publisher(harness)
            let part = publication(parts: [PublicationPart(text: "Chart", images: [chart])])
            let gateway = await mastodon.publish(part, now: testNow)
            #expect(gateway.isRetry && gateway.consumesAttempt == true, "\(gateway)")
            #expect(gateway.reason.hasPrefix("uploading image 1 (sha256 \(chart.sha256.prefix(12))): HTTP 504"))
            #expect(await mastodon.publish(part, now: testNow).isRetry)
            #expect(harness.server.requests(to: "/api/v1/statuses").isEmpty)
        }
    }

    @Test func anImageChangedInTheStateDirectoryIsNeverUploaded() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(8))
            try Data(imageBytes(9)).write(to: URL(fileURLWithPath: chart.path))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.hasPrefix("image 1 (sha256 \(chart.sha256.prefix(12))) in the state directory"))
            #expect(harness.server.requests(to: "/api/v2/media").isEmpty)
        }
    }

    @Test func anImageGoneFromTheStateDirectoryFailsNamingIt() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(12))
            try FileManager.default.removeItem(atPath: chart.path)
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.hasPrefix("image 1 (sha256 \(chart.sha256.prefix(12))) is gone from the state directory"))
            #expect(harness.server.requests(to: "/api/v2/media").isEmpty)
        }
    }

    @Test func theInstancesV2AnswerGivesTheMediaLimitsAskedOnce() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(200, #"""
                {"domain":"social.example","configuration":{"statuses":{"max_characters":500,"max_media_attachments":6},
                 "media_attachments":{"supported_mime_types":["image/jpeg","image/png","image/heic","video/mp4"],
                 "image_size_limit":10485760,"description_limit":1000}}}
                """#))
            let mastodon = try publisher(harness)
            let expected = MediaLimits(maxImages: 6, maxImageBytes: 10_485_760, maxAltCharacters: 1_000, formats: [.jpeg, .png])
            #expect(await mastodon.mediaLimits() == expected)
            #expect(await mastodon.mediaLimits() == expected)
            #expect(harness.server.requests(to: "/api/v2/instance").count == 1)
            #expect(harness.server.requests(to: "/api/v1/instance").isEmpty)
        }
    }

    @Test func anOlderInstancesV1AnswerGivesTheMediaLimitsWithTheDefaultDescriptionLimit() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(404, #"{"error":"Not found"}"#))
            harness.server.script("GET", "/api/v1/instance", .json(200, #"""
                {"uri":"social.example","configuration":{"statuses":{"max_characters":500,"max_media_attachments":4},
                 "media_attachments":{"supported_mime_types":["image/jpeg","image/png","image/gif","image/webp"],"image_size_limit":8388608}}}
                """#))
            let limits = try await publisher(harness).mediaLimits()
            #expect(limits == MediaLimits(maxImages: 4, maxImageBytes: 8_388_608, maxAltCharacters: 1_500, formats: Set(ImageFormat.allCases)))
        }
    }

    @Test func anUnreachableInstanceGivesMastodonsDefaultsAndIsAskedAgain() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(503, "{}"),
                                  .json(200, #"{"configuration":{"statuses":{"max_characters":500,"max_media_attachments":2}}}"#))
            let mastodon = try publisher(harness)
            #expect(await mastodon.mediaLimits() == MediaLimits(maxImages: 4, maxImageBytes: 16 * 1024 * 1024, maxAltCharacters: 1_500))
            #expect(await mastodon.mediaLimits().maxImages == 2)
        }
    }

    @Test func moreImagesThanTheInstanceTakesFailBeforeAnyUpload() async throws {
        try await Harness.with { harness in
            harness.server.script("GET", "/api/v2/instance", .json(200, #"{"configuration":{"statuses":{"max_characters":500,"max_media_attachments":1}}}"#))
            let images = [try storedImage(harness, imageBytes(10)), try storedImage(harness, imageBytes(11))]
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Two", images: images)]), now: testNow)
            #expect(outcome == .failed(reason: "the post has 2 images; 127.0.0.1 takes at most 1", status: nil))
            #expect(harness.server.requests(to: "/api/v2/media").isEmpty)
        }
    }
}
