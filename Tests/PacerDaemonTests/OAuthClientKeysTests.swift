import Foundation
import PacerChannels
import Testing
@testable import PacerDaemon

/// The keys `pacer auth` reads in x and linkedin channels: accepted, defaulted, and validated
/// like the other URLs and credential names.
struct OAuthClientKeysTests {
    let loader = ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: "/tmp/outbox")

    func settings(_ block: String) throws -> ChannelSettings {
        try #require(try loader.parse("[[channel]]\nname = \"c\"\n" + block, file: "config.toml").channel(named: "c")).settings
    }

    @Test func xTakesTheKeysAndDefaultsItsURLs() throws {
        guard case .x(let x) = try settings("kind = \"x\"\ncredential = \"x-token\"\nclient_id = \"abc\"\nbase_url = \"http://127.0.0.1:8080\"\n") else {
            Issue.record("not an x channel")
            return
        }
        #expect(x.oauth.clientID == "abc")
        #expect(x.oauth.clientSecretCredential == nil)
        #expect(x.oauth.authorizeURL.absoluteString == "https://x.com/i/oauth2/authorize")
        #expect(x.oauth.tokenURL.absoluteString == "http://127.0.0.1:8080/2/oauth2/token", "under base_url")
    }

    @Test func linkedInTakesOverriddenURLsAndASecretCredential() throws {
        guard case .linkedin(let linkedIn) = try settings("""
            kind = "linkedin"
            credential = "li"
            author = "urn:li:person:a"
            version = "202505"
            client_id = "abc"
            client_secret_credential = "li-secret"
            authorize_url = "http://127.0.0.1:9/authorize"
            token_url = "http://127.0.0.1:9/token"
            """) else {
            Issue.record("not a linkedin channel")
            return
        }
        #expect(linkedIn.oauth.clientSecretCredential == "li-secret")
        #expect(linkedIn.oauth.authorizeURL.absoluteString == "http://127.0.0.1:9/authorize")
        #expect(linkedIn.oauth.tokenURL.absoluteString == "http://127.0.0.1:9/token")
    }

    @Test func aChannelWithoutTheKeysIsStillValid() throws {
        guard case .x(let x) = try settings("kind = \"x\"\ncredential = \"x-token\"\n") else {
            Issue.record("not an x channel")
            return
        }
        #expect(x.oauth.clientID == nil)
        #expect(x.oauth.tokenURL.absoluteString == "https://api.x.com/2/oauth2/token")
    }

    @Test func badValuesNameTheirKeyAndLine() {
        let cases: [(String, String, Int)] = [
            ("token_url = \"http://example.com/token\"", "token_url", 5),
            ("authorize_url = \"ftp://x.com/a\"", "authorize_url", 5),
            ("client_secret_credential = \"../secret\"", "client_secret_credential", 5),
            ("client_id = \"has space\"", "client_id", 5),
        ]
        for (line, key, number) in cases {
            do throws(ConfigError) {
                _ = try loader.parse("[[channel]]\nname = \"c\"\nkind = \"x\"\ncredential = \"x-token\"\n\(line)\n", file: "config.toml")
                Issue.record("\(line) was accepted")
            } catch {
                #expect(error.problem.contains(key), "\(error)")
                #expect(error.line == number, "\(error)")
            }
        }
    }
}
