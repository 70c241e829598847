import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// LinkedIn retires each API version after about a year (426 NONEXISTENT_VERSION) and its tokens
/// last 60 days: a 426 names the key to change, an old `version` and a token a week from expiry
/// are warned about ahead.
struct LinkedInLifetimeTests {
    let token = "AQX-linkedin-token-never-print"
    /// 2026-12-07, the day these lines were written.
    let today = ISOInstant.parse("2026-12-07T12:00:00Z")!

    func settings(_ harness: Harness, version: String = "202411") throws -> LinkedInSettings {
        try LinkedInSettings(baseURL: harness.server.baseURL, credential: "linkedin-token", author: "urn:li:person:8675309", version: version)
    }

    @Test func aRetiredVersionFailsNamingTheKeyAndACurrentVersion() async throws {
        try await Harness.with { harness in
            try harness.addCredential("linkedin-token", token)
            harness.server.script("POST", "/rest/posts", .json(426, #"{"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version 20241101 is not active"}"#))
            let linkedin = LinkedInPublisher(settings: try settings(harness), httpClient: harness.client, credentials: harness.credentials, logger: harness.logs.logger)
            let outcome = await linkedin.publish(publication(), now: today)
            #expect(outcome == .failed(reason: "LinkedIn no longer supports API version 202411 (HTTP 426: Requested version 20241101 is not active); "
                                       + "set version = \"202611\" in [[channel]] test and reload", status: 426))
            harness.expectAbsent(token, from: [outcome])
        }
    }

    @Test func aJSONCredentialIsReadForItsAccessToken() async throws {
        try await Harness.with { harness in
            try harness.addCredential("linkedin-token", #"{"access_token": "\#(token)", "expires_at": "2027-02-05T12:00:00Z"}"#)
            harness.server.script("POST", "/rest/posts", ScriptedReply(status: 201, headers: [("x-restli-id", "urn:li:share:1")]))
            let linkedin = LinkedInPublisher(settings: try settings(harness, version: "202611"), httpClient: harness.client,
                                             credentials: harness.credentials, logger: harness.logs.logger)
            #expect(await linkedin.publish(publication(), now: today).externalID == "urn:li:share:1")
            #expect(harness.server.requests.first?.header("Authorization") == "Bearer \(token)")
        }
    }

    @Test func theSuggestedVersionIsLastMonths() {
        #expect(LinkedInVersion.suggested(now: today) == "202611")
        #expect(LinkedInVersion.suggested(now: ISOInstant.parse("2027-01-01T00:00:00Z")!) == "202612")
        #expect(LinkedInVersion.suggested(now: ISOInstant.parse("2027-10-31T23:59:59Z")!) == "202709")
    }

    @Test func aVersionMoreThanElevenMonthsOldIsWarnedAbout() {
        #expect(LinkedInVersion.warning("202601", channel: "li", now: today) == nil, "eleven months old: still supported")
        #expect(LinkedInVersion.warning("202611", channel: "li", now: today) == nil)
        #expect(LinkedInVersion.warning("202612", channel: "li", now: today) == nil)
        #expect(LinkedInVersion.warning("202512", channel: "li", now: today) == """
            channel li: LinkedIn API version 202512 is 12 months old; LinkedIn retires a version after about a year and then refuses \
            every post (426 NONEXISTENT_VERSION); set version = "202611" in [[channel]] li
            """)
        #expect(LinkedInVersion.warning("202411", channel: "li", now: today)?.contains("25 months old") == true)
        #expect(LinkedInVersion.warning("202701", channel: "li", now: today)?.contains("names a month after this one") == true)
    }

    @Test func aTokenIsWarnedAboutFromAWeekBeforeItExpires() throws {
        try withCredentials { credentials, write in
            let linkedin = ChannelSettings.linkedin(try LinkedInSettings(credential: "linkedin-token", author: "urn:li:person:1", version: "202611"))
            try write("linkedin-token", #"{"access_token": "\#(token)", "expires_at": "\#(ISOInstant.format(today.addingTimeInterval(8 * 86_400)))"}"#)
            #expect(ChannelWarnings.of(channel: "li", settings: linkedin, credentials: credentials, now: today) == [])
            try write("linkedin-token", #"{"access_token": "\#(token)", "expires_at": "2026-12-10T20:00:00Z"}"#)
            #expect(ChannelWarnings.of(channel: "li", settings: linkedin, credentials: credentials, now: today) == [
                "channel li: the LinkedIn access token in credential \"linkedin-token\" expires at 2026-12-10T20:00:00Z (in 3 days); "
                    + "run pacer auth li --force before then",
            ])
            try write("linkedin-token", #"{"access_token": "\#(token)", "expires_at": "2026-12-01T00:00:00Z"}"#)
            #expect(ChannelWarnings.of(channel: "li", settings: linkedin, credentials: credentials, now: today) == [
                "channel li: the LinkedIn access token in credential \"linkedin-token\" expired at 2026-12-01T00:00:00Z; run pacer auth li --force",
            ])
            try write("linkedin-token", token)
            #expect(ChannelWarnings.of(channel: "li", settings: linkedin, credentials: credentials, now: today) == [], "a bare token's expiry is unknown")
        }
    }

    @Test func anXTokenPacerRenewsIsNotWarnedAbout() throws {
        try withCredentials { credentials, write in
            let x = ChannelSettings.x(try XSettings(credential: "x-token"))
            try write("x-token", #"{"access_token": "a", "refresh_token": "r", "client_id": "c", "expires_at": "2026-12-07T13:00:00Z"}"#)
            #expect(ChannelWarnings.of(channel: "x", settings: x, credentials: credentials, now: today) == [])
            try write("x-token", #"{"access_token": "a", "expires_at": "2026-12-07T13:00:00Z"}"#)
            #expect(ChannelWarnings.of(channel: "x", settings: x, credentials: credentials, now: today).first?.contains("run pacer auth x --force") == true)
        }
    }

    /// Runs `body` with a credential store over a fresh directory and a function that writes credential files (0600).
    func withCredentials(_ body: (CredentialStore, (String, String) throws -> Void) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-warnings-\(UUID().uuidString)").path
        let directory = root + "/pacer/credentials"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try body(CredentialStore(environment: ["XDG_CONFIG_HOME": root])) { name, text in
            try text.write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/" + name)
        }
    }
}

extension PublishOutcome {
    var externalID: String? { if case let .published(_, id, _, _) = self { id } else { nil } }
}
