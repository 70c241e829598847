import PacerCore
import Testing
@testable import PacerChannels

/// A URL shown to a person keeps its scheme, host, port and path; its user info, query and
/// fragment are removed, a removed query shown as `?…` (issue 21, item 11).
struct RedactedURLTests {
    @Test(arguments: [
        ("https://user:pw@hooks.example/p?token=abc", "https://hooks.example/p?…"),
        ("https://hooks.example:8443/a/b?x=1#frag", "https://hooks.example:8443/a/b?…"),
        ("https://hooks.example/p#access_token=abc", "https://hooks.example/p#…"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("https://[::1]:8080/x?y", "https://[::1]:8080/x?…"),
        ("https://token@hooks.example", "https://hooks.example"),
        ("/relative/path?session=abc", "/relative/path?…"),
        ("https://mastodon.social", "https://mastodon.social"),
    ])
    func aURLIsShownWithoutItsSecretParts(url: String, shown: String) {
        #expect(RedactedURL.shown(url) == shown)
    }

    @Test func aWebhookURLDescribesItselfRedactedButSendsItsQuery() throws {
        let settings = try WebhookSettings(url: "https://hooks.example/p?token=abc")
        #expect("\(settings.url)" == "https://hooks.example/p?…")
        #expect(settings.url.absoluteString == "https://hooks.example/p?token=abc")
    }

    @Test func aRefusedURLIsNamedWithoutItsQuery() {
        #expect {
            try WebhookSettings(url: "http://hooks.example/p?token=abc")
        } throws: { error in
            let text = "\(error)"
            return text.contains("https://hooks.example/p?…") && !text.contains("token=abc")
        }
        #expect {
            try WebhookSettings(url: "ftp://hooks.example/p?token=abc")
        } throws: { error in
            "\(error)".contains("ftp://hooks.example/p?…") && !"\(error)".contains("token=abc")
        }
    }

    @Test func aRedirectsTargetIsShownWithoutItsQuery() {
        let reply = HTTPReply(status: 302, headers: [(name: "location", value: "https://other.example/login?session=abc")], body: [])
        guard case .failed(let reason, _) = OutcomeRules.unsuccessful(reply, replaySafe: true) else {
            Issue.record("a redirect must fail")
            return
        }
        #expect(reason.contains("https://other.example/login?…") && !reason.contains("session=abc"), "\(reason)")
    }
}
