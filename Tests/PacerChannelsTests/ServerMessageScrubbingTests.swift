import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// A server's error text is scrubbed of every secret before it is shortened, so a secret that
/// straddles the 300-character cut cannot leave a prefix behind (issue 21, item 4).
struct ServerMessageScrubbingTests {
    /// 38 characters, none of them `E`, so that no prefix occurs in the padding by chance; a
    /// Standard Webhooks secret (`whsec_` and the base64 of 24 bytes), as the webhook needs.
    let secret = "whsec_9f8a7b6c5d4x3f2a1b0c9d8q7f6a5b4c"
    /// With the secret after it, the body's one line is 301 characters: the old cut at 300 kept 37 of the secret's.
    var padding: String { String(repeating: "E", count: 263) }

    /// Fails if `text` holds any prefix of the secret of 4 or more characters, or any 6-character part of it.
    func expectNoPartOfTheSecret(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let characters = Array(secret)
        for length in 4...characters.count where text.contains(String(characters[..<length])) {
            Issue.record("the secret's first \(length) characters are in \(text)", sourceLocation: sourceLocation)
            return
        }
        for start in 0...(characters.count - 6) where text.contains(String(characters[start..<(start + 6)])) {
            Issue.record("characters \(start)..<\(start + 6) of the secret are in \(text)", sourceLocation: sourceLocation)
            return
        }
    }

    func expectScrubbed(_ outcome: PublishOutcome, _ harness: Harness, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.isFailed, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.reason.contains("<redacted>"), "\(outcome.reason)", sourceLocation: sourceLocation)
        expectNoPartOfTheSecret(in: outcome.reason, sourceLocation: sourceLocation)
        for line in harness.logs.all { expectNoPartOfTheSecret(in: line, sourceLocation: sourceLocation) }
    }

    @Test func aWebhookSecretAtTheCutOfATextBody() async throws {
        try await Harness.with { harness in
            try harness.addCredential("hook-key", secret)
            let settings = try WebhookSettings(url: harness.server.baseURL + "/hook", secretCredential: "hook-key")
            let webhook = WebhookPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            harness.server.script("POST", "/hook", .text(400, padding + secret))
            expectScrubbed(await webhook.publish(publication(), now: testNow), harness)
        }
    }

    @Test func aMastodonTokenAtTheCutOfAJSONErrorAndOfATextBody() async throws {
        try await Harness.with { harness in
            try harness.addCredential("mastodon-token", secret)
            let settings = try MastodonSettings(baseURL: harness.server.baseURL, credential: "mastodon-token", visibility: "public")
            let mastodon = MastodonPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                             stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            harness.server.script("POST", "/api/v1/statuses", .json(422, #"{"error":"\#(padding + secret)"}"#), .text(400, padding + secret))
            expectScrubbed(await mastodon.publish(publication(), now: testNow), harness)
            expectScrubbed(await mastodon.publish(publication(delivery: 43), now: testNow), harness)
        }
    }

    /// A PDS that echoes the login's JSON body shows the password escaped as JSON writes it.
    @Test func aBlueskyPasswordEchoedAsJSONWritesIt() async throws {
        try await Harness.with { harness in
            let password = #"pw"with\quote-and-backslash"#
            try harness.addCredential("bsky-app-password", password)
            let settings = try BlueskySettings(baseURL: harness.server.baseURL, identifier: "me.example", credential: "bsky-app-password")
            let bluesky = BlueskyPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                           stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let echoed = #"{"identifier":"me.example","password":"pw\"with\\quote-and-backslash"}"#
            harness.server.script("POST", "/xrpc/com.atproto.server.createSession", .text(400, "bad request: " + echoed))
            let outcome = await bluesky.publish(publication(), now: testNow)
            #expect(outcome.isFailed, "\(outcome)")
            #expect(!outcome.reason.contains("quote-and-backslash"), "\(outcome.reason)")
            #expect(outcome.reason.contains("<redacted>"), "\(outcome.reason)")
        }
    }

    @Test func anXTokenAtTheCutOfARefusal() async throws {
        try await Harness.with { harness in
            try harness.addCredential("x-token", secret)
            let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token")
            let x = XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, stateDirectory: harness.stateDirectory,
                               logger: harness.logs.logger)
            harness.server.script("POST", "/2/tweets", .json(401, #"{"detail":"bad token \#(padding + secret)"}"#))
            expectScrubbed(await x.publish(publication(), now: testNow), harness)
        }
    }
}
