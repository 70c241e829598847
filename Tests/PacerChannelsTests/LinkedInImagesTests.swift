import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// Images on a LinkedIn channel (issue 25): the Images API (initialize, then PUT the bytes), then
/// the post's `content.media` or `content.multiImage` with alt text; no threads.
struct LinkedInImagesTests {
    let token = "AQX-linkedin-images-token-never-print"
    let posted = ScriptedReply(status: 201, headers: [("x-restli-id", "urn:li:share:6844785523593134080")])

    func publisher(_ harness: Harness) throws -> LinkedInPublisher {
        try harness.addCredential("linkedin-token", token)
        let settings = try LinkedInSettings(baseURL: harness.server.baseURL, credential: "linkedin-token", author: "urn:li:person:8675309",
                                            version: "202511")
        return LinkedInPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, logger: harness.logs.logger)
    }

    func initialized(_ harness: Harness, _ name: String) -> ScriptedReply {
        .json(200, #"{"value":{"uploadUrlExpiresAt":1764583200000,"uploadUrl":"\#(harness.server.baseURL)/dms-uploads/\#(name)?ca=vector_feedshare&sync=0","image":"urn:li:image:\#(name)"}}"#)
    }

    @Test func uploadsTwoImagesAndPostsThemAsAMultiImageWithAltText() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(31))
            let photo = try storedImage(harness, imageBytes(32, count: 7000), format: .jpeg, alt: nil)
            harness.server.script("POST", "/rest/images", initialized(harness, "C4D1"), initialized(harness, "C4D2"))
            harness.server.script("PUT", "/dms-uploads/C4D1", ScriptedReply(status: 201))
            harness.server.script("PUT", "/dms-uploads/C4D2", ScriptedReply(status: 201))
            harness.server.script("POST", "/rest/posts", posted)
            let linkedin = try publisher(harness)
            #expect(!linkedin.publishesPartByPart)
            let outcome = await linkedin.publish(publication(parts: [PublicationPart(text: "Weekly numbers", images: [chart, photo])]), now: testNow)
            #expect(outcome == .published(url: "https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/",
                                          externalID: "urn:li:share:6844785523593134080", status: 201))
            #expect(harness.server.requests.map { "\($0.method) \($0.path)" }
                    == ["POST /rest/images", "PUT /dms-uploads/C4D1", "POST /rest/images", "PUT /dms-uploads/C4D2", "POST /rest/posts"])

            let initialize = try #require(harness.server.requests(to: "/rest/images").first)
            #expect(initialize.query == "action=initializeUpload")
            #expect(initialize.bodyText == #"{"initializeUploadRequest":{"owner":"urn:li:person:8675309"}}"#)
            #expect(initialize.header("LinkedIn-Version") == "202511")
            #expect(initialize.header("X-Restli-Protocol-Version") == "2.0.0")
            let put = try #require(harness.server.requests(to: "/dms-uploads/C4D1").first)
            #expect(put.body == imageBytes(31), "the PUT carries the stored bytes exactly")
            #expect(put.query == "ca=vector_feedshare&sync=0")
            #expect(put.header("Authorization") == "Bearer \(token)")
            #expect(harness.server.requests(to: "/dms-uploads/C4D2").first?.body == imageBytes(32, count: 7000))

            let content = try #require(harness.server.requests(to: "/rest/posts").first?.json?["content"] as? [String: Any])
            #expect(content["media"] == nil)
            let images = try #require((content["multiImage"] as? [String: Any])?["images"] as? [[String: Any]])
            #expect(images.count == 2)
            #expect(images[0]["id"] as? String == "urn:li:image:C4D1")
            #expect(images[0]["altText"] as? String == "A bar chart: posts per week, rising")
            #expect(images[1]["id"] as? String == "urn:li:image:C4D2")
            #expect(images[1]["altText"] == nil)
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func oneImageIsTheContentsMedia() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(33))
            harness.server.script("POST", "/rest/images", initialized(harness, "C4D3"))
            harness.server.script("PUT", "/dms-uploads/C4D3", ScriptedReply(status: 201))
            harness.server.script("POST", "/rest/posts", posted)
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(!outcome.isFailed && !outcome.isRetry, "\(outcome)")
            let content = try #require(harness.server.requests(to: "/rest/posts").first?.json?["content"] as? [String: Any])
            #expect(content["multiImage"] == nil)
            let media = try #require(content["media"] as? [String: Any])
            #expect(media["id"] as? String == "urn:li:image:C4D3")
            #expect(media["altText"] as? String == "A bar chart: posts per week, rising")
        }
    }

    @Test func aThreadFailsWithoutAnyRequest() async throws {
        try await Harness.with { harness in
            let parts = [PublicationPart(text: "1/2"), PublicationPart(text: "2/2")]
            let outcome = try await publisher(harness).publish(publication(parts: parts), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.hasPrefix("LinkedIn has no threads, and this post has 2 parts"))
            #expect(harness.server.requests.isEmpty)
        }
    }

    @Test func aRefusedUploadFailsNamingTheImageAndPostsNothing() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(34))
            harness.server.script("POST", "/rest/images", initialized(harness, "C4D4"))
            harness.server.script("PUT", "/dms-uploads/C4D4", .json(400, #"{"message":"Invalid image"}"#))
            harness.server.script("POST", "/rest/posts", posted)
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome == .failed(reason: "uploading image 1 (sha256 \(chart.sha256.prefix(12))): HTTP 400: Invalid image", status: 400))
            #expect(harness.server.requests(to: "/rest/posts").isEmpty)
        }
    }

    @Test func aServerErrorWhileInitializingIsARetryAndPostsNothing() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(35))
            harness.server.script("POST", "/rest/images", .json(504, #"{"message":"Gateway Timeout"}"#))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome.isRetry && outcome.consumesAttempt == true, "an upload is harmless to repeat: \(outcome)")
            #expect(harness.server.requests(to: "/rest/posts").isEmpty)
        }
    }

    @Test func anUploadURLInTheClearToAnotherHostIsRefused() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, imageBytes(36))
            harness.server.script("POST", "/rest/images", .json(200, #"{"value":{"uploadUrl":"http://uploads.example/C4D5","image":"urn:li:image:C4D5"}}"#))
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [chart])]), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("LinkedIn named an upload URL Pacer does not send to"))
            #expect(harness.server.requests.map(\.path) == ["/rest/images"])
        }
    }

    @Test func aWebPImageIsRefusedBeforeAnyUpload() async throws {
        try await Harness.with { harness in
            let webp = try storedImage(harness, imageBytes(37), format: .webp)
            let outcome = try await publisher(harness).publish(publication(parts: [PublicationPart(text: "Chart", images: [webp])]), now: testNow)
            #expect(outcome == .failed(reason: "image 1 (sha256 \(webp.sha256.prefix(12))) is image/webp; LinkedIn takes image/jpeg, image/png, image/gif",
                                       status: nil))
            #expect(harness.server.requests.isEmpty)
        }
    }
}
