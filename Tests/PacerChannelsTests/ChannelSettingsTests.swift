import PacerCore
import Testing
@testable import PacerChannels

struct ChannelSettingsTests {
    @Test(arguments: ["https://mastodon.social", "http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:9", "http://[::1]:80", "https://h.example/"])
    func acceptedBaseURLs(_ url: String) throws {
        #expect(try ServiceURL(url, key: "base_url").absoluteString.hasSuffix("/") == false)
    }

    @Test(arguments: ["http://mastodon.social", "http://10.0.0.1", "http://128.0.0.1", "http://127.0.0.1.example.com", "ftp://h", "mastodon.social",
                      "https://user:pw@h.example", "https://h.example/?q=1"])
    func refusedBaseURLs(_ url: String) {
        #expect(throws: ChannelSettingsError.self) { try ServiceURL(url, key: "base_url") }
    }

    @Test func plainHTTPToARemoteHostSaysWhatIsAllowed() {
        let error = #expect(throws: ChannelSettingsError.self) { try MastodonSettings(baseURL: "http://social.example", credential: "t") }
        #expect(error?.description == "base_url: plain http:// is allowed only to loopback (127.0.0.0/8, ::1, localhost); use https://social.example")
    }

    @Test func aWebhookURLMayHaveAQueryButHeadersCannotOverridePacers() throws {
        #expect(try WebhookSettings(url: "https://hooks.example/in?token=abc").url.absoluteString == "https://hooks.example/in?token=abc")
        #expect(throws: ChannelSettingsError.self) { try WebhookSettings(url: "https://h.example", headers: ["Idempotency-Key": "x"]) }
        #expect(throws: ChannelSettingsError.self) { try WebhookSettings(url: "https://h.example", headers: ["X-A": "a\r\nX-B: b"]) }
        #expect(throws: ChannelSettingsError.self) { try WebhookSettings(url: "https://h.example", headers: ["Bad Name": "a"]) }
    }

    @Test func eachKindValidatesItsKeys() throws {
        #expect(throws: ChannelSettingsError.self) { try MastodonSettings(baseURL: "https://m.example", credential: "t", visibility: "friends") }
        #expect(throws: ChannelSettingsError.self) { try MastodonSettings(baseURL: "https://m.example", credential: "t", language: "english") }
        #expect(throws: ChannelSettingsError.self) { try MastodonSettings(baseURL: "https://m.example", credential: "../t") }
        #expect(throws: ChannelSettingsError.self) { try LinkedInSettings(credential: "t", author: "me", version: "202505") }
        #expect(throws: ChannelSettingsError.self) { try LinkedInSettings(credential: "t", author: "urn:li:person:abc", version: "202513") }
        #expect(throws: ChannelSettingsError.self) { try BlueskySettings(identifier: "me example", credential: "t") }
        #expect(throws: ChannelSettingsError.self) { try CommandSettings(argv: []) }
        #expect(throws: ChannelSettingsError.self) { try CommandSettings(argv: ["x"], timeout: TimeSpan(seconds: 0)) }
        #expect(throws: ChannelSettingsError.self) { try XSettings(credential: "t", timeout: TimeSpan(seconds: 3600)) }
        #expect(try BlueskySettings(identifier: "me.bsky.social", credential: "t").baseURL.absoluteString == "https://bsky.social")
        #expect(try XSettings(credential: "t").baseURL.absoluteString == "https://api.x.com")
        #expect(try LinkedInSettings(credential: "t", author: "urn:li:organization:42", version: "202505").baseURL.absoluteString == "https://api.linkedin.com")
    }

    @Test func kindsKnowTheirPlatformLengths() {
        #expect(ChannelKind.allCases.map(\.defaultMaxLength) == [nil, nil, nil, 500, 300, 3000, 280])
        #expect(ChannelKind(rawValue: "linkedin") == .linkedin)
    }
}
