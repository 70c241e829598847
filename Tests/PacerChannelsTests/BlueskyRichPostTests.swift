import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// Images, threads and link cards on Bluesky (issue 25), against a loopback PDS and loopback web
/// pages; every record created is checked with the atproto SDK's own models
/// (`Tests/Oracles/bluesky_record.py`).
struct BlueskyRichPostTests {
    let session = #"{"did":"did:plc:me123","handle":"me.example","accessJwt":"access-jwt-1","refreshJwt":"refresh-jwt-1"}"#
    /// CIDs as a PDS answers them: blobs are CIDv1 raw, records CIDv1 dag-cbor, both SHA-256.
    static let blobCIDs = ["bafkreiam6rl6essht4bp2tjukqbyt5za6cah3t7zfj2weeebmwzgg7vif4", "bafkreic2a4l4wzmwi2hkdx72qyar7gypjfzurwaeegbvwulzt6nowrkwii",
                           "bafkreiaf53wc24eek2knhoujvwpbynfwwtmamj24hrr3qqsbuqfoiwi4uq"]
    static let recordCIDs = ["bafyreibyxjqwqfygc5yqlvbgygeqwcb3drstfyatkora4voxoxt7brxdyy", "bafyreibniq27y7mgose2ig4j2x6y4aan6ou36shunpqdlptpvgsvkpn75e",
                             "bafyreifqq7f2ktiit5vi3hawp2az6o6immqyhlttuzao6rkfsvjcsdle5y"]
    /// A PNG's signature and then some bytes: what a preview image is told by.
    static let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x42, count: 3000)
    static let jpegBytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x17, count: 5000)

    func publisher(_ harness: Harness, timeout: Double = 30, linkCardTimeout: Duration = .seconds(5)) throws -> BlueskyPublisher {
        try harness.addCredential("bsky-app-password", "abcd-efgh-ijkl-mnop")
        let settings = try BlueskySettings(baseURL: harness.server.baseURL, identifier: "me.example", credential: "bsky-app-password",
                                           timeout: TimeSpan(seconds: timeout))
        return BlueskyPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                stateDirectory: harness.stateDirectory, logger: harness.logs.logger, linkCardTimeout: linkCardTimeout)
    }

    func created(_ cid: String) -> ScriptedReply {
        .json(200, #"{"uri":"at://did:plc:me123/app.bsky.feed.post/3abc","cid":"\#(cid)","validationStatus":"valid"}"#)
    }

    func uploaded(_ cid: String, _ mimeType: String, _ size: Int) -> ScriptedReply {
        .json(200, #"{"blob":{"$type":"blob","ref":{"$link":"\#(cid)"},"mimeType":"\#(mimeType)","size":\#(size)}}"#)
    }

    func post(_ parts: [PublicationPart], part: Int = 0, replyTo: ThreadReply? = nil, delivery: DeliveryID = 42) -> Publication {
        Publication(deliveryID: delivery, postID: 7, channel: "test", parts: parts, partIndex: part, replyTo: replyTo, title: nil, tags: [],
                    plannedAt: testNow, installation: testInstallation)
    }

    /// Writes `bytes` as a stored image of the harness.
    func storedImage(_ harness: Harness, _ bytes: [UInt8], _ format: ImageFormat, width: Int, height: Int, alt: String?) throws -> PublicationImage {
        let path = harness.root + "/image-\(bytes.count).\(format.fileExtension)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return PublicationImage(path: path, sha256: String(repeating: "0", count: 64), format: format, byteCount: bytes.count, width: width,
                                height: height, alt: alt)
    }

    /// The `record` of every createRecord the PDS received, as sent.
    func records(_ harness: Harness) throws -> [[String: Any]] {
        try harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").map { try #require($0.json?["record"] as? [String: Any]) }
    }

    /// Fails the test unless the atproto SDK's models and the lexicon accept every record the PDS received.
    func expectValidRecords(_ harness: Harness, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let sent = try records(harness).map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let answer = try await Oracle.run("bluesky_record.py", BlueskyRecordOracleTests.Input(records: sent), as: BlueskyRecordOracleTests.Output.self)
        #expect(answer.problems.count == sent.count, sourceLocation: sourceLocation)
        for (record, problems) in zip(sent, answer.problems) {
            #expect(problems.isEmpty, "the oracle refuses \(record): \(problems)", sourceLocation: sourceLocation)
        }
    }

    // MARK: images

    @Test func imagesAreUploadedAndEmbeddedWithAltTextAndAspectRatio() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, Self.pngBytes, .png, width: 1200, height: 630, alt: "A bar chart: posts per week")
            let photo = try storedImage(harness, Self.jpegBytes, .jpeg, width: 3000, height: 4000, alt: nil)
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.uploadBlob",
                                  uploaded(Self.blobCIDs[0], "image/png", Self.pngBytes.count), uploaded(Self.blobCIDs[1], "image/jpeg", Self.jpegBytes.count))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[0]))
            let text = "Our week in numbers, details at \(harness.server.baseURL)/article"
            let outcome = try await publisher(harness).publish(post([PublicationPart(text: text, images: [chart, photo])]), now: testNow)
            let rkey = RecordKey.make(at: testNow, delivery: 42)
            #expect(outcome == .published(url: "https://bsky.app/profile/did:plc:me123/post/\(rkey)", externalID: "at://did:plc:me123/app.bsky.feed.post/\(rkey)",
                                          status: 200, contentID: Self.recordCIDs[0]))

            let uploads = harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob")
            #expect(uploads.map(\.body) == [Self.pngBytes, Self.jpegBytes])
            #expect(uploads.map { $0.header("Content-Type") } == ["image/png", "image/jpeg"])
            #expect(uploads.allSatisfy { $0.header("Authorization") == "Bearer access-jwt-1" })
            let create = try #require(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").first)
            #expect(create.bodyText.contains(#""embed":{"$type":"app.bsky.embed.images","images":[{"alt":"A bar chart: posts per week","aspectRatio":{"height":630,"width":1200},"image":{"$type":"blob","mimeType":"image/png","ref":{"$link":"\#(Self.blobCIDs[0])"},"size":3008}},{"alt":"","aspectRatio":{"height":4000,"width":3000},"image":{"$type":"blob","mimeType":"image/jpeg","ref":{"$link":"\#(Self.blobCIDs[1])"},"size":5004}}]}"#),
                    "\(create.bodyText)")
            #expect(harness.server.requests(to: "/article").isEmpty, "a part with images has no link card")
            try await expectValidRecords(harness)
        }
    }

    @Test func aRefusedUploadFailsThePostBeforeAnyRecordIsCreated() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, Self.pngBytes, .png, width: 10, height: 10, alt: "chart")
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.uploadBlob", .json(400, #"{"error":"InvalidMimeType","message":"Wrong type of file"}"#))
            let outcome = try await publisher(harness).publish(post([PublicationPart(text: "a chart", images: [chart])]), now: testNow)
            #expect(outcome == .failed(reason: "uploading image 1: HTTP 400: Wrong type of file", status: 400))
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").isEmpty)
        }
    }

    @Test func anUploadWithoutAnAnswerIsRetriedAndAnExpiredTokenRenewed() async throws {
        try await Harness.with { harness in
            let chart = try storedImage(harness, Self.pngBytes, .png, width: 10, height: 10, alt: "chart")
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.server.refreshSession",
                                  .json(200, #"{"did":"did:plc:me123","handle":"me.example","accessJwt":"access-jwt-2","refreshJwt":"refresh-jwt-2"}"#))
            harness.server.script("POST", "/xrpc/com.atproto.repo.uploadBlob", .json(502, "{}"),
                                  .json(400, #"{"error":"ExpiredToken","message":"Token has expired"}"#), uploaded(Self.blobCIDs[0], "image/png", Self.pngBytes.count))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[0]))
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord", .json(400, #"{"error":"RecordNotFound"}"#))
            let bluesky = try publisher(harness)
            let first = await bluesky.publish(post([PublicationPart(text: "a chart", images: [chart])]), now: testNow)
            #expect(first.isRetry && first.reason.hasPrefix("uploading image 1: HTTP 502"), "\(first)")
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").isEmpty)
            let second = await bluesky.publish(post([PublicationPart(text: "a chart", images: [chart])]), now: testNow.addingTimeInterval(60))
            #expect(second.isPublished, "\(second)")
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob").map { $0.header("Authorization") }
                    == ["Bearer access-jwt-1", "Bearer access-jwt-1", "Bearer access-jwt-2"])
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").first?.header("Authorization") == "Bearer access-jwt-2")
        }
    }

    @Test func imagesBeyondTheLexiconsLimitsFailBeforeAnyRequest() async throws {
        try await Harness.with { harness in
            let small = try storedImage(harness, Self.pngBytes, .png, width: 10, height: 10, alt: "x")
            var large = small
            large.byteCount = 2_000_001
            let bluesky = try publisher(harness)
            let five = await bluesky.publish(post([PublicationPart(text: "five", images: Array(repeating: small, count: 5))]), now: testNow)
            #expect(five == .failed(reason: "the post does not fit a Bluesky record: images: 5, Bluesky allows at most 4; remove 1", status: nil))
            let big = await bluesky.publish(post([PublicationPart(text: "big", images: [small, large])]), now: testNow)
            #expect(big == .failed(reason: "the post does not fit a Bluesky record: image 2: 2000001 bytes, Bluesky allows at most 2000000; make it smaller", status: nil))
            #expect(harness.server.requests.isEmpty)
            #expect(await bluesky.mediaLimits() == MediaLimits(maxImages: 4, maxImageBytes: 2_000_000, maxAltCharacters: 2_000))
            #expect(bluesky.publishesPartByPart)
        }
    }

    @Test func anImageThatChangedSinceItWasQueuedIsNotSent() async throws {
        try await Harness.with { harness in
            var chart = try storedImage(harness, Self.pngBytes, .png, width: 10, height: 10, alt: "chart")
            chart.byteCount -= 1
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            let outcome = try await publisher(harness).publish(post([PublicationPart(text: "a chart", images: [chart])]), now: testNow)
            #expect(outcome == .failed(reason: "image 1: \(chart.path) has more than 3007 bytes, but 3007 were stored; it changed after it was queued", status: nil))
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob").isEmpty)
        }
    }

    // MARK: threads

    @Test func aThreadsLaterPartsReplyToTheRootAndTheirParentAndAreNeverCreatedTwice() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord",
                                  created(Self.recordCIDs[0]), created(Self.recordCIDs[1]), created(Self.recordCIDs[2]))
            let parts = [PublicationPart(text: "1/3 A thread"), PublicationPart(text: "2/3 goes on"), PublicationPart(text: "3/3 and ends")]
            let bluesky = try publisher(harness)
            // Every part at the same instant: each still gets a record key of its own.
            let first = await bluesky.publish(post(parts, part: 0), now: testNow)
            let root = try #require(first.publishedPart)
            let second = await bluesky.publish(post(parts, part: 1, replyTo: ThreadReply(root: root, parent: root)), now: testNow)
            let middle = try #require(second.publishedPart)
            let thirdPart = post(parts, part: 2, replyTo: ThreadReply(root: root, parent: middle))
            let third = await bluesky.publish(thirdPart, now: testNow)
            let last = try #require(third.publishedPart)
            #expect([root, middle, last].map(\.contentID) == Self.recordCIDs)
            #expect(Set([root, middle, last].map(\.externalID)).count == 3, "each part has a record key of its own")

            let sent = try records(harness)
            #expect(sent[0]["reply"] == nil)
            let secondReply = try #require(sent[1]["reply"] as? [String: [String: String]])
            #expect(secondReply == ["root": ["uri": root.externalID, "cid": Self.recordCIDs[0]], "parent": ["uri": root.externalID, "cid": Self.recordCIDs[0]]])
            let thirdReply = try #require(sent[2]["reply"] as? [String: [String: String]])
            #expect(thirdReply == ["root": ["uri": root.externalID, "cid": Self.recordCIDs[0]], "parent": ["uri": middle.externalID, "cid": Self.recordCIDs[1]]])
            #expect(sent.map { $0["text"] as? String } == parts.map(\.text))
            let keys = harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").map { $0.json?["rkey"] as? String }
            #expect(keys.map { $0.map { "at://did:plc:me123/app.bsky.feed.post/\($0)" } } == [root, middle, last].map(\.externalID))
            #expect(try String(contentsOfFile: harness.stateDirectory + "/records/delivery-42-part-3", encoding: .utf8) == keys[2]! + "\n")
            try await expectValidRecords(harness)

            // Part 3 again (its answer was lost, say): its own key is looked up and found, nothing is created.
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord",
                                  .json(200, #"{"uri":"\#(last.externalID)","cid":"\#(Self.recordCIDs[2])","value":{}}"#))
            let again = await bluesky.publish(thirdPart, now: testNow.addingTimeInterval(600))
            #expect(again.publishedPart == last)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.getRecord").first?.query == "collection=app.bsky.feed.post&repo=did:plc:me123&rkey=\(keys[2]!)")
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.createRecord").count == 3)
            #expect(await bluesky.reconcile(deliveryID: 42, claimedAt: testNow, now: testNow) == .notPublished,
                    "a thread past its first part: each part's next attempt finds its own record")
        }
    }

    @Test func aReplyToAPartWhoseCIDWasNotKeptLearnsItFromTheRecord() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("GET", "/xrpc/com.atproto.repo.getRecord",
                                  .json(200, #"{"uri":"at://did:plc:me123/app.bsky.feed.post/3kroot","cid":"\#(Self.recordCIDs[0])","value":{}}"#))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[1]))
            let root = PublishedPart(externalID: "at://did:plc:me123/app.bsky.feed.post/3kroot")
            let parts = [PublicationPart(text: "one"), PublicationPart(text: "two")]
            let outcome = try await publisher(harness).publish(post(parts, part: 1, replyTo: ThreadReply(root: root, parent: root)), now: testNow)
            #expect(outcome.isPublished)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.getRecord").first?.query == "collection=app.bsky.feed.post&repo=did:plc:me123&rkey=3kroot")
            let reply = try #require(try records(harness).first?["reply"] as? [String: [String: String]])
            #expect(reply["root"] == ["uri": root.externalID, "cid": Self.recordCIDs[0]])
        }
    }

    // MARK: link cards

    func page(title: String = "Pacer &amp; the art of &quot;waiting&quot;", image: String? = "/images/card.png", extra: String = "") -> String {
        """
        <!DOCTYPE html>
        <html><head>
        <title>Fallback title</title>
        <script>document.write('<meta property="og:title" content="not this">')</script>
        <meta property="og:title" content="\(title)">
        <meta name=description content="plain description">
        <meta content='Publishing   at the right\n time &#8212; every time.' property='og:description' />
        \(image.map { #"<meta property="og:image" content="\#($0)">"# } ?? "")
        \(extra)
        </head><body><h1>Hello</h1></body></html>
        """
    }

    func html(_ text: String) -> ScriptedReply {
        ScriptedReply(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(text.utf8))
    }

    var png: ScriptedReply { ScriptedReply(status: 200, headers: [("Content-Type", "image/png")], body: Self.pngBytes) }

    @Test func aLinkGetsACardWithTheOpenGraphTagsAndThePreviewImage() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("GET", "/r1", ScriptedReply(status: 301, headers: [("Location", "/r2")]))
            harness.server.script("GET", "/r2", ScriptedReply(status: 302, headers: [("Location", "\(harness.server.baseURL)/r3")]))
            harness.server.script("GET", "/r3", ScriptedReply(status: 307, headers: [("Location", "article")]))
            harness.server.script("GET", "/article", html(page()))
            harness.server.script("GET", "/images/card.png", png)
            harness.server.script("POST", "/xrpc/com.atproto.repo.uploadBlob", uploaded(Self.blobCIDs[2], "image/png", Self.pngBytes.count))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[0]))
            let link = "\(harness.server.baseURL)/r1"
            let publication = post([PublicationPart(text: "New post: \(link). Enjoy")])
            let bluesky = try publisher(harness)
            await bluesky.prepare(publication, now: testNow)
            #expect(harness.server.requests(to: "/article").count == 1, "fetched ahead of the instant")
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob").isEmpty, "uploaded only when it is published")
            let outcome = await bluesky.publish(publication, now: testNow)
            #expect(outcome.isPublished)
            #expect(harness.server.requests(to: "/article").count == 1, "not fetched again")
            #expect(harness.server.requests(to: "/article").first?.header("Accept")?.hasPrefix("text/html") == true)

            let upload = try #require(harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob").first)
            #expect(upload.body == Self.pngBytes && upload.header("Content-Type") == "image/png")
            let embed = try #require(try records(harness).first?["embed"] as? [String: Any])
            #expect(embed["$type"] as? String == "app.bsky.embed.external")
            let external = try #require(embed["external"] as? [String: Any])
            #expect(external["uri"] as? String == link)
            #expect(external["title"] as? String == #"Pacer & the art of "waiting""#)
            #expect(external["description"] as? String == "Publishing at the right time — every time.")
            let thumb = try #require(external["thumb"] as? [String: Any])
            #expect((thumb["ref"] as? [String: String])?["$link"] == Self.blobCIDs[2])
            try await expectValidRecords(harness)
        }
    }

    @Test func aPageWithOnlyATitleGetsACardWithoutAPreviewImageWhenPublishedWithoutPreparation() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("GET", "/plain", html("<html><head><TITLE>\n  Just a &lt;title&gt; </TITLE></head></html>"))
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[0]))
            let outcome = try await publisher(harness).publish(post([PublicationPart(text: "\(harness.server.baseURL)/plain")]), now: testNow)
            #expect(outcome.isPublished)
            let external = try #require((try records(harness).first?["embed"] as? [String: Any])?["external"] as? [String: Any])
            #expect(external["title"] as? String == "Just a <title>")
            #expect(external["description"] as? String == "")
            #expect(external["thumb"] == nil)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob").isEmpty)
            try await expectValidRecords(harness)
        }
    }

    /// What a preview image route answers, and why the card goes without it.
    static let unusablePreviewImages: [(String, ScriptedReply)] = [
        ("not found", .json(404, "{}")),
        ("not an image", ScriptedReply(status: 200, headers: [("Content-Type", "image/png")], body: Array("<html>surprise</html>".utf8))),
        ("over 1,000,000 bytes", ScriptedReply(status: 200, headers: [("Content-Type", "image/png")], body: pngBytes + Array(repeating: 0, count: 1_000_000))),
    ]

    @Test(arguments: 0..<unusablePreviewImages.count)
    func anUnusablePreviewImageGivesACardWithoutOne(_ index: Int) async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("GET", "/article", html(page()))
            harness.server.script("GET", "/images/card.png", Self.unusablePreviewImages[index].1)
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[0]))
            let outcome = try await publisher(harness).publish(post([PublicationPart(text: "\(harness.server.baseURL)/article")]), now: testNow)
            #expect(outcome.isPublished)
            let external = try #require((try records(harness).first?["embed"] as? [String: Any])?["external"] as? [String: Any],
                                        "\(Self.unusablePreviewImages[index].0)")
            #expect(external["thumb"] == nil && external["title"] as? String == #"Pacer & the art of "waiting""#)
            #expect(harness.server.requests(to: "/xrpc/com.atproto.repo.uploadBlob").isEmpty)
            try await expectValidRecords(harness)
        }
    }

    /// A page that gives no card, by what its route answers: the post goes out without one.
    static let pagesWithoutACard: [(String, ScriptedReply)] = [
        ("no answer in time", .hold),
        ("a page over 1,000,000 bytes", ScriptedReply(status: 200, headers: [("Content-Type", "text/html")], body: Array(repeating: UInt8(ascii: " "), count: 1_000_001))),
        ("a redirect loop", ScriptedReply(status: 302, headers: [("Location", "/page")])),
        ("not HTML", ScriptedReply(status: 200, headers: [("Content-Type", "application/pdf")], body: Array("%PDF-1.7 <meta property=\"og:title\" content=\"x\">".utf8))),
        ("404", .json(404, #"{"error":"NotFound"}"#)),
        ("a redirect to another scheme", ScriptedReply(status: 302, headers: [("Location", "file:///etc/passwd")])),
        ("no title and no description", ScriptedReply(status: 200, headers: [("Content-Type", "text/html")], body: Array("<html><body>hi</body></html>".utf8))),
    ]

    @Test(arguments: 0..<pagesWithoutACard.count)
    func aPageThatCannotMakeACardGivesAPostWithoutOne(_ index: Int) async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .json(200, session))
            harness.server.script("GET", "/page", Self.pagesWithoutACard[index].1)
            harness.server.script("POST", "/xrpc/com.atproto.repo.createRecord", created(Self.recordCIDs[0]))
            let publication = post([PublicationPart(text: "See \(harness.server.baseURL)/page")])
            let bluesky = try publisher(harness, linkCardTimeout: .seconds(1))
            await bluesky.prepare(publication, now: testNow)
            let outcome = await bluesky.publish(publication, now: testNow)
            #expect(outcome.isPublished, "\(Self.pagesWithoutACard[index].0): \(outcome)")
            let record = try #require(try records(harness).first)
            #expect(record["embed"] == nil, "\(Self.pagesWithoutACard[index].0)")
            #expect((1...4).contains(harness.server.requests(to: "/page").count), "at most 3 redirects followed, and fetched in prepare only")
            #expect(harness.logs.all.contains { $0.contains("no link card for \(harness.server.baseURL)/page") })
            try await expectValidRecords(harness)
        }
    }
}

fileprivate extension PublishOutcome {
    var isPublished: Bool { if case .published = self { true } else { false } }

    /// The part as a later part of a thread refers to it, when it was published.
    var publishedPart: PublishedPart? {
        guard case let .published(_, externalID?, _, contentID) = self else { return nil }
        return PublishedPart(externalID: externalID, contentID: contentID)
    }
}
