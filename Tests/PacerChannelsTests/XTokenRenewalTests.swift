import Crypto
import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// X's user tokens live two hours: XPublisher renews them with the refresh token at
/// `<base_url>/2/oauth2/token`, before they expire and once on a 401, keeps the rotated tokens in
/// the channel's `token.json` (0600, tied to the credential by its digest), fails with the command
/// to run when the grant is gone, and never shows a token.
struct XTokenRenewalTests {
    let access = "x-access-OLD-never-print"
    let refresh = "x-refresh-OLD-never-print"
    let newAccess = "x-access-NEW-never-print"
    let newRefresh = "x-refresh-NEW-never-print"
    let clientSecret = "x-client-secret-never-print"
    var allSecrets: [String] { [access, refresh, newAccess, newRefresh, clientSecret] }

    /// The credential `pacer auth x` writes, expiring at `expiresAt`.
    func credentialJSON(expiresAt: Date?, clientSecret: String? = nil, accessToken: String? = nil) -> String {
        var object: [String: String] = ["access_token": accessToken ?? access, "refresh_token": refresh, "client_id": "pacer-client-id",
                                        "scope": "tweet.read tweet.write users.read offline.access"]
        object["expires_at"] = expiresAt.map(ISOInstant.format)
        object["client_secret"] = clientSecret
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func publisher(_ harness: Harness, credential: String, timeout: Double = 30) throws -> XPublisher {
        try harness.addCredential("x-token", credential)
        let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token", timeout: TimeSpan(seconds: timeout))
        return XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, stateDirectory: harness.stateDirectory,
                          logger: harness.logs.logger)
    }

    let renewed = ScriptedReply.json(200, #"{"token_type":"bearer","expires_in":7200,"access_token":"x-access-NEW-never-print","scope":"tweet.read tweet.write users.read offline.access","refresh_token":"x-refresh-NEW-never-print"}"#)
    let posted = ScriptedReply.json(201, #"{"data":{"id":"1","text":"Hello"}}"#)
    let unauthorized = ScriptedReply.json(401, #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#)

    func tokenFile(_ harness: Harness) -> String { harness.stateDirectory + "/token.json" }

    func credentialDigest(_ harness: Harness) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: harness.configHome + "/pacer/credentials/x-token"))
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @Test func aTokenThatExpiresWithinFiveMinutesIsRenewedBeforePosting() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", renewed)
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow.addingTimeInterval(4 * 60)))
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
            #expect(harness.server.requests.map(\.path) == ["/2/oauth2/token", "/2/tweets"])
            let renewal = try #require(harness.server.requests(to: "/2/oauth2/token").first)
            #expect(renewal.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(renewal.bodyText == "grant_type=refresh_token&refresh_token=\(refresh)&client_id=pacer-client-id")
            #expect(renewal.header("Authorization") == nil, "a public client sends no client secret")
            #expect(harness.server.requests(to: "/2/tweets").first?.header("Authorization") == "Bearer \(newAccess)")

            var info = stat()
            #expect(stat(tokenFile(harness), &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            let stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tokenFile(harness)))) as? [String: String])
            #expect(stored["access_token"] == newAccess && stored["refresh_token"] == newRefresh)
            #expect(stored["expires_at"] == ISOInstant.format(testNow.addingTimeInterval(7200)))
            #expect(stored["client_id"] == "pacer-client-id")
            #expect(stored["credential_sha256"] == (try credentialDigest(harness)))
            harness.expectAbsent(access, from: [outcome])
            for secret in allSecrets { harness.expectAbsent(secret, from: [outcome]) }
        }
    }

    @Test func aTokenFarFromExpiryIsUsedAsItIs() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow.addingTimeInterval(6 * 60)))
            #expect(await x.publish(publication(), now: testNow) == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
            #expect(harness.server.requests.map(\.path) == ["/2/tweets"])
            #expect(harness.server.requests.first?.header("Authorization") == "Bearer \(access)")
        }
    }

    @Test func aConfidentialClientSendsItsSecretAsBasic() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", renewed)
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow, clientSecret: clientSecret))
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
            let renewal = try #require(harness.server.requests(to: "/2/oauth2/token").first)
            let basic = Data("pacer-client-id:\(clientSecret)".utf8).base64EncodedString()
            #expect(renewal.header("Authorization") == "Basic \(basic)")
            for secret in allSecrets { harness.expectAbsent(secret, from: [outcome]) }
        }
    }

    @Test func aRefusedTokenIsRenewedOnceAndThePostSentAgain() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", renewed)
            harness.server.script("POST", "/2/tweets", unauthorized, posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: nil))
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
            #expect(harness.server.requests.map(\.path) == ["/2/tweets", "/2/oauth2/token", "/2/tweets"])
            #expect(harness.server.requests(to: "/2/tweets").map { $0.header("Authorization") } == ["Bearer \(access)", "Bearer \(newAccess)"])
            for secret in allSecrets { harness.expectAbsent(secret, from: [outcome]) }
        }
    }

    @Test func aSecond401AfterRenewalFailsWithoutLooping() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", renewed)
            harness.server.script("POST", "/2/tweets", unauthorized)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: nil))
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("run pacer auth test --force"), "\(outcome)")
            #expect(harness.server.requests(to: "/2/tweets").count == 2)
            #expect(harness.server.requests(to: "/2/oauth2/token").count == 1)
        }
    }

    @Test func theRotatedTokensAreUsedNextTimeWhileTheCredentialIsUnchanged() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", renewed)
            harness.server.script("POST", "/2/tweets", posted)
            _ = await (try publisher(harness, credential: credentialJSON(expiresAt: testNow))).publish(publication(), now: testNow)
            #expect(harness.server.requests(to: "/2/oauth2/token").count == 1)

            // A new publisher (as after a restart) over the same credential file and state directory.
            let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token")
            let restarted = XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials,
                                       stateDirectory: harness.stateDirectory, logger: harness.logs.logger)
            let later = testNow.addingTimeInterval(3600)
            #expect(await restarted.publish(publication(), now: later) == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
            #expect(harness.server.requests(to: "/2/oauth2/token").count == 1, "the rotated token is still valid: no renewal")
            #expect(harness.server.requests(to: "/2/tweets").last?.header("Authorization") == "Bearer \(newAccess)")

            // Near its expiry, the rotated refresh token (not the credential's spent one) renews it.
            _ = await restarted.publish(publication(), now: testNow.addingTimeInterval(7200 - 60))
            let second = try #require(harness.server.requests(to: "/2/oauth2/token").last)
            #expect(second.bodyText.contains("refresh_token=\(newRefresh)"))
        }
    }

    @Test func aCredentialWrittenAnewWinsOverOlderRotatedTokens() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", renewed)
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow))
            _ = await x.publish(publication(), now: testNow)
            #expect(FileManager.default.fileExists(atPath: tokenFile(harness)))

            // pacer auth x --force writes a new credential: its token is used, not token.json's.
            try harness.addCredential("x-token", credentialJSON(expiresAt: testNow.addingTimeInterval(7200), accessToken: "x-access-AUTH-never-print"))
            #expect(await x.publish(publication(), now: testNow) == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201))
            #expect(harness.server.requests(to: "/2/tweets").last?.header("Authorization") == "Bearer x-access-AUTH-never-print")
            #expect(harness.server.requests(to: "/2/oauth2/token").count == 1)
        }
    }

    @Test func aRevokedGrantFailsWithTheCommandToRun() async throws {
        try await Harness.with { harness in
            // The server echoes the refresh token it refused: the outcome must not show it.
            harness.server.script("POST", "/2/oauth2/token", .json(400, #"{"error":"invalid_request","error_description":"Value passed for the token was invalid: x-refresh-OLD-never-print"}"#))
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow.addingTimeInterval(-60)))
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "X refused to renew the access token of credential \"x-token\" (HTTP 400: Value passed for the token was invalid: <redacted>): "
                                       + "the grant was revoked or has expired; run pacer auth test --force", status: 400))
            #expect(harness.server.requests(to: "/2/tweets").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: tokenFile(harness)))
            for secret in allSecrets { harness.expectAbsent(secret, from: [outcome]) }
        }
    }

    @Test func aRenewalWithoutAnAnswerIsRetriedAndNothingIsPosted() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/oauth2/token", .hold)
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow), timeout: 2)
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome.isRetry && outcome.consumesAttempt == true, "\(outcome)")
            #expect(outcome.reason.hasPrefix("renewing the X access token: "), "\(outcome)")
            #expect(harness.server.requests(to: "/2/tweets").isEmpty)
        }
    }

    @Test func aBareTokenIsNeverRenewedAndA401SaysWhatToRun() async throws {
        try await Harness.with { harness in
            harness.server.script("POST", "/2/tweets", unauthorized)
            let x = try publisher(harness, credential: access)
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome == .failed(reason: "X refused the access token of credential \"x-token\" (HTTP 401: Unauthorized), and it cannot be renewed "
                                       + "(the credential has no refresh_token); run pacer auth test --force", status: 401))
            #expect(harness.server.requests.map(\.path) == ["/2/tweets"])
        }
    }

    @Test func concurrentPublishesRenewOnce() async throws {
        try await Harness.with { harness in
            var slowRenewal = renewed
            slowRenewal.delay = 0.3
            harness.server.script("POST", "/2/oauth2/token", slowRenewal)
            harness.server.script("POST", "/2/tweets", posted)
            let x = try publisher(harness, credential: credentialJSON(expiresAt: testNow))
            async let first = x.publish(publication(delivery: 1), now: testNow)
            async let second = x.publish(publication(delivery: 2), now: testNow)
            async let third = x.publish(publication(delivery: 3), now: testNow)
            let outcomes = await [first, second, third]
            #expect(outcomes.allSatisfy { $0 == .published(url: "https://x.com/i/web/status/1", externalID: "1", status: 201) }, "\(outcomes)")
            #expect(harness.server.requests(to: "/2/oauth2/token").count == 1)
            #expect(harness.server.requests(to: "/2/tweets").map { $0.header("Authorization") } == Array(repeating: "Bearer \(newAccess)", count: 3))
        }
    }

    @Test func aMalformedCredentialIsRefusedWithoutShowingIt() async throws {
        try await Harness.with { harness in
            let x = try publisher(harness, credential: #"{"acces_token": "x-access-OLD-never-print"}"#)
            let outcome = await x.publish(publication(), now: testNow)
            #expect(outcome.isFailed)
            #expect(outcome.reason.contains("has no \"access_token\""), "\(outcome)")
            harness.expectAbsent(access, from: [outcome])
        }
    }
}

/// The renewal request, checked by oauthlib's own server-side validation of a refresh-token grant
/// (`Tests/Oracles/oauth_refresh_request.py`), with values that need form encoding.
struct XTokenRenewalOracleTests {
    struct Given: Encodable {
        let uri: String
        let method: String
        let headers: [String: String]
        let body: String
        let client_id: String
        let client_secret: String?
        let refresh_token: String
    }

    struct Verdict: Decodable {
        let valid: Bool
        let error: String?
        let grant_type: String?
        let refresh_token: String?
        let client_id: String?
    }

    @Test(arguments: [nil, "s3cr:et+/ü="] as [String?])
    func oauthlibAcceptsTheRenewalRequest(clientSecret: String?) async throws {
        try await Harness.with { harness in
            let refresh = "rT+/=&é x~1"
            let clientID = "pacer client:1"
            var object = ["access_token": "a", "refresh_token": refresh, "client_id": clientID, "expires_at": ISOInstant.format(testNow)]
            object["client_secret"] = clientSecret
            try harness.addCredential("x-token", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            harness.server.script("POST", "/2/oauth2/token", .json(200, #"{"access_token":"b","refresh_token":"c","expires_in":7200}"#))
            harness.server.script("POST", "/2/tweets", .json(201, #"{"data":{"id":"1"}}"#))
            let settings = try XSettings(baseURL: harness.server.baseURL, credential: "x-token")
            let x = XPublisher(settings: settings, httpClient: harness.client, credentials: harness.credentials, stateDirectory: harness.stateDirectory,
                               logger: harness.logs.logger)
            _ = await x.publish(publication(), now: testNow)
            let request = try #require(harness.server.requests(to: "/2/oauth2/token").first)
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name] = value }
            let verdict = try await Oracle.run("oauth_refresh_request.py", Given(
                uri: harness.server.baseURL + request.uri, method: request.method, headers: headers, body: request.bodyText,
                client_id: clientID, client_secret: clientSecret, refresh_token: refresh), as: Verdict.self)
            #expect(verdict.valid, "\(verdict.error ?? "")")
            #expect(verdict.grant_type == "refresh_token" && verdict.refresh_token == refresh && verdict.client_id == clientID)
        }
    }
}
