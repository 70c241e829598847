import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// A webhook given a post with images or a thread (issue 25): `parts` beside the fields a receiver
/// written for text posts reads, and with `include_media` each image's bytes, all signed.
struct WebhookImagesAndThreadsTests {
    /// `whsec_` and the base64 of `please-never-print-8c1f0e6a-key!`.
    let secret = "whsec_cGxlYXNlLW5ldmVyLXByaW50LThjMWYwZTZhLWtleSE="
    let images: StoredImages

    init() throws {
        images = try StoredImages()
    }

    func publisher(_ harness: Harness, includeMedia: Bool) throws -> WebhookPublisher {
        try harness.addCredential("hook-key", secret)
        let settings = try WebhookSettings(url: harness.server.baseURL + "/hooks/pacer", secretCredential: "hook-key", includeMedia: includeMedia)
        return WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
    }

    @Test func anImagePostDescribesItsImagesWithoutTheirBytesByDefault() async throws {
        let chart = try images.image(.png, seed: 1, width: 1200, height: 800, alt: "A line rising from 3 to 7")
        let photo = try images.image(.jpeg, count: 500, seed: 2, width: 640, height: 480, alt: nil)
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(200, "{}"))
            let post = StoredImages.publication([PublicationPart(text: "Hello", images: [chart, photo])])
            #expect(try await publisher(harness, includeMedia: false).publish(post, now: testNow) == .published(url: nil, externalID: nil, status: 200))
            let request = try #require(harness.server.requests.first)
            #expect(request.bodyText == #"{"channel":"test","delivery_id":42,"idempotency_key":"pacer-0123456789abcdef-delivery-42","#
                + #""parts":[{"images":["#
                + #"{"alt":"A line rising from 3 to 7","bytes":300,"height":800,"sha256":"\#(chart.sha256)","type":"image/png","width":1200},"#
                + #"{"alt":null,"bytes":500,"height":480,"sha256":"\#(photo.sha256)","type":"image/jpeg","width":640}"#
                + #"],"text":"Hello"}],"#
                + #""planned_at":"2026-12-01T09:00:00Z","post_id":7,"tags":["swift","pacer"],"text":"Hello","title":"Greeting"}"#)
        }
    }

    @Test func aThreadSendsItsPartsInOrderAndItsWholeTextAsText() async throws {
        let chart = try images.image(.png, seed: 1, alt: "A chart")
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(200, "{}"))
            let thread = StoredImages.publication([PublicationPart(text: "One"), PublicationPart(text: "Two", images: [chart]), PublicationPart(text: "Three")])
            #expect(try await publisher(harness, includeMedia: false).publish(thread, now: testNow).wasPublished)
            let body = try #require(harness.server.requests.first?.json)
            #expect(body["text"] as? String == "One\n\nTwo\n\nThree")
            #expect(body["idempotency_key"] as? String == "pacer-0123456789abcdef-delivery-42")
            let parts = try #require(body["parts"] as? [[String: Any]])
            #expect(parts.map { $0["text"] as? String } == ["One", "Two", "Three"])
            let partImages = parts.map { ($0["images"] as? [[String: Any]]) ?? [] }
            #expect(partImages.map(\.count) == [0, 1, 0])
            #expect(partImages[1].first?["sha256"] as? String == chart.sha256)
            #expect(partImages[1].first?["data"] == nil, "no bytes without include_media")
        }
    }

    @Test func includeMediaSendsEachImagesBytesInBase64() async throws {
        // Larger than two chunks, so the base64 of separately read chunks must join up.
        let large = try images.image(.png, count: 2 * ChunkedFile.chunkBytes + 1, seed: 3, alt: "A large chart")
        let small = try images.image(.gif, count: 301, seed: 4, alt: nil)
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(200, "{}"), .json(200, "{}"))
            let thread = StoredImages.publication([PublicationPart(text: "One \"pacer-media-\" \\", images: [large]), PublicationPart(text: "Two", images: [small])])
            let webhook = try publisher(harness, includeMedia: true)
            #expect(await webhook.publish(thread, now: testNow).wasPublished)
            #expect(await webhook.publish(thread, now: testNow).wasPublished)
            let requests = harness.server.requests
            try #require(requests.count == 2)
            #expect(requests[0].body == requests[1].body, "the same delivery sends the same bytes")
            let body = try #require(requests[0].json)
            let parts = try #require(body["parts"] as? [[String: Any]])
            #expect(parts.map { $0["text"] as? String } == ["One \"pacer-media-\" \\", "Two"])
            let sent = try parts.map { part in
                try #require(((part["images"] as? [[String: Any]])?.first?["data"] as? String).flatMap { Data(base64Encoded: $0) })
            }
            #expect(sent == [try StoredImages.bytes(of: large), try StoredImages.bytes(of: small)], "bytes equal to the files")
        }
    }

    @Test func aMissingStoredImageFailsWithItsPathWithoutSending() async throws {
        let gone = try images.image(.png, seed: 1, alt: "A chart")
        try FileManager.default.removeItem(atPath: gone.path)
        try await Harness.with { harness in
            let outcome = try await publisher(harness, includeMedia: true).publish(StoredImages.publication([PublicationPart(text: "One", images: [gone])]), now: testNow)
            #expect(outcome.isFailed && outcome.reason.contains(gone.path), "\(outcome)")
            #expect(harness.server.requests.isEmpty)
        }
    }

    /// The standardwebhooks library verifies the signature of a body with parts and with the
    /// images' bytes, and refuses it once one byte of an image's data is changed.
    @Test func theStandardWebhooksLibraryVerifiesABodyWithPartsAndMedia() async throws {
        struct Check: Encodable { let secret: String; let headers: [String: String]; let body: String }
        struct Input: Encodable { let checks: [Check] }
        struct Output: Decodable { let results: [String?] }
        let chart = try images.image(.png, count: ChunkedFile.chunkBytes + 5, seed: 1, alt: "A chart, 世界")
        let photo = try images.image(.jpeg, seed: 2, alt: nil)
        try await Harness.with { harness in
            harness.server.script("POST", "/hooks/pacer", .json(200, "{}"), .json(200, "{}"))
            let thread = StoredImages.publication([PublicationPart(text: "One", images: [chart]), PublicationPart(text: "Two", images: [photo]),
                                                   PublicationPart(text: "Three")])
            // The library compares the timestamp with its own clock.
            _ = try await publisher(harness, includeMedia: false).publish(thread, now: Date())
            _ = try await publisher(harness, includeMedia: true).publish(thread, now: Date())
            let requests = harness.server.requests
            try #require(requests.count == 2)
            func headers(_ request: RecordedRequest) -> [String: String] {
                Dictionary(request.headers.map { ($0.name, $0.value) }) { first, _ in first }
            }
            let described = requests[0], withMedia = requests[1]
            #expect(withMedia.body.count > ChunkedFile.chunkBytes, "the bytes are in the body")
            let data = try #require(withMedia.bodyText.range(of: #""data":""#))
            var tampered = withMedia.bodyText
            let changed = tampered.index(data.upperBound, offsetBy: 100)
            tampered.replaceSubrange(changed...changed, with: tampered[changed] == "A" ? "B" : "A")
            let answer = try await Oracle.run("standard_webhooks.py", Input(checks: [
                Check(secret: secret, headers: headers(described), body: described.bodyText),
                Check(secret: secret, headers: headers(withMedia), body: withMedia.bodyText),
                Check(secret: secret, headers: headers(withMedia), body: tampered),
            ]), as: Output.self)
            try #require(answer.results.count == 3)
            #expect(answer.results[0] == nil, "the body with parts verifies: \(answer.results[0] ?? "")")
            #expect(answer.results[1] == nil, "the body with media verifies: \(answer.results[1] ?? "")")
            #expect(answer.results[2] == "WebhookVerificationError: No matching signature found", "a changed image")
        }
    }
}

extension PublishOutcome {
    fileprivate var wasPublished: Bool { if case .published = self { true } else { false } }
}
