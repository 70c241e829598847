import AsyncHTTPClient
import Foundation
import NIOCore
import PacerCore
import Testing
@testable import PacerChannels

/// A thread with images and a link card published to a real repository implementation, arroba
/// (`Tests/Oracles/arroba_pds.py`): arroba validates every record against the lexicons lexrpc
/// ships, computes the records' CIDs itself, and keeps one record per key. The records read back
/// are then checked with the atproto SDK's models too.
struct BlueskyArrobaTests {
    let password = "arroba-app-password"

    /// The JSON object of `GET url`.
    func getJSON(_ harness: Harness, _ url: String) async throws -> [String: Any] {
        let response = try await harness.client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return try #require(object, "GET \(url) → \(response.status)")
    }

    @Test func aThreadWithImagesAndALinkCardIsStoredOnceByARealRepository() async throws {
        let pds = try await OracleServer.start("arroba_pds.py", arguments: [password])
        defer { pds.stop() }
        try await Harness.with { harness in
            try harness.addCredential("bsky-app-password", password)
            let settings = try BlueskySettings(baseURL: pds.baseURL, identifier: "me.example", credential: "bsky-app-password", language: "en")
            let bluesky = BlueskyPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let imagePath = harness.root + "/chart.png"
            try Data(BlueskyRichPostTests.pngBytes).write(to: URL(fileURLWithPath: imagePath))
            let chart = PublicationImage(path: imagePath, sha256: String(repeating: "0", count: 64), format: .png,
                                         byteCount: BlueskyRichPostTests.pngBytes.count, width: 1200, height: 630, alt: "A bar chart")
            harness.server.script("GET", "/article", ScriptedReply(status: 200, headers: [("Content-Type", "text/html")], body: Array("""
                <html><head><meta property="og:title" content="The article"><meta property="og:description" content="What it says">
                <meta property="og:image" content="/card.png"></head></html>
                """.utf8)))
            harness.server.script("GET", "/card.png", ScriptedReply(status: 200, headers: [("Content-Type", "image/png")], body: BlueskyRichPostTests.pngBytes))
            let parts = [
                PublicationPart(text: "1/3 This week's numbers #pacer", images: [chart, chart]),
                PublicationPart(text: "2/3 Read more at \(harness.server.baseURL)/article"),
                PublicationPart(text: "3/3 That's all"),
            ]
            func part(_ index: Int, _ replyTo: ThreadReply?) -> Publication {
                Publication(deliveryID: 42, postID: 7, channel: "test", parts: parts, partIndex: index, replyTo: replyTo, title: nil, tags: [],
                            plannedAt: testNow, installation: testInstallation)
            }
            var published: [PublishedPart] = []
            for index in parts.indices {
                let replyTo = published.first.map { ThreadReply(root: $0, parent: published.last!) }
                let publication = part(index, replyTo)
                await bluesky.prepare(publication, now: testNow)
                let outcome = await bluesky.publish(publication, now: testNow)
                guard case let .published(_, externalID?, _, contentID?) = outcome else {
                    Issue.record("part \(index + 1): \(outcome)")
                    return
                }
                published.append(PublishedPart(externalID: externalID, contentID: contentID))
            }
            // Part 3 again: found under its key, not created twice.
            let again = await bluesky.publish(part(2, ThreadReply(root: published[0], parent: published[1])), now: testNow.addingTimeInterval(60))
            guard case let .published(_, againID, _, againCID) = again else {
                Issue.record("part 3 again: \(again)")
                return
            }
            #expect(againID == published[2].externalID && againCID == published[2].contentID)

            let list = try await getJSON(harness, pds.baseURL + "/xrpc/com.atproto.repo.listRecords?repo=did:web:me.example&collection=app.bsky.feed.post")
            let stored = try #require(list["records"] as? [[String: Any]])
            #expect(stored.count == 3, "one record per part")
            var values: [[String: Any]] = []
            for part in published {
                let rkey = String(part.externalID.split(separator: "/").last!)
                let record = try await getJSON(harness, pds.baseURL
                                               + "/xrpc/com.atproto.repo.getRecord?repo=did:web:me.example&collection=app.bsky.feed.post&rkey=\(rkey)")
                #expect(record["cid"] as? String == part.contentID, "the outcome carries the CID the repository computed")
                values.append(try #require(record["value"] as? [String: Any]))
            }
            let images = try #require((values[0]["embed"] as? [String: Any])?["images"] as? [[String: Any]])
            #expect(images.map { $0["alt"] as? String } == ["A bar chart", "A bar chart"])
            let external = try #require((values[1]["embed"] as? [String: Any])?["external"] as? [String: Any])
            #expect(external["title"] as? String == "The article" && external["thumb"] != nil)
            let strongRef = { (part: PublishedPart) in ["uri": part.externalID, "cid": part.contentID!] }
            #expect(values[1]["reply"] as? [String: [String: String]] == ["root": strongRef(published[0]), "parent": strongRef(published[0])])
            #expect(values[2]["reply"] as? [String: [String: String]] == ["root": strongRef(published[0]), "parent": strongRef(published[1])])

            let texts = try values.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            let answer = try await Oracle.run("bluesky_record.py", BlueskyRecordOracleTests.Input(records: texts), as: BlueskyRecordOracleTests.Output.self)
            #expect(answer.problems == [[], [], []])
        }
    }
}
