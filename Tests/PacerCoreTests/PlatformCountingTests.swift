import Testing
@testable import PacerCore

/// The examples of issue 22 (items 4 and 6): `pacer add` counts as the platform does.
///
/// Mastodon has no independent implementation to test against, so its cases follow Mastodon's own
/// rules: `StatusLengthValidator` counts grapheme clusters after replacing every URL twitter-text
/// finds *with a scheme* by 23 characters and every remote mention `@user@domain` by `@user`
/// (`extract_url_without_protocol: false`; `Account::MENTION_RE`).
struct PlatformCountingTests {
    @Test func mastodonCountsARemoteMentionAsItsUserPart() {
        let text = String(repeating: "a", count: 490) + " @someone@mastodon.social"
        #expect(PlatformText.length(of: text, on: .mastodon) == 499)
        #expect(ContentLimit.check(text, kind: "mastodon") == nil)
        #expect(PlatformText.length(of: "@first.last@example.social hi", on: .mastodon) == 14)
        #expect(PlatformText.length(of: "@a@b", on: .mastodon) == 2, "a domain needs no dot")
        #expect(PlatformText.length(of: "mail bob@example.com", on: .mastodon) == 20, "an address is no mention")
    }

    @Test func mastodonWeighsOnlyLinksWithASchemeAs23() {
        let link = "www.example.com/" + String(repeating: "p", count: 48)
        #expect(link.count == 64)
        let text = String(repeating: "a", count: 450) + " " + link
        #expect(PlatformText.length(of: text, on: .mastodon) == 515)
        #expect(ContentLimit.check(text, kind: "mastodon")?.count == 515)
        #expect(PlatformText.length(of: "see example.com/" + String(repeating: "p", count: 40), on: .mastodon) == 56)
        #expect(PlatformText.length(of: "see https://" + link, on: .mastodon) == 27)
        #expect(PlatformText.length(of: "gemini://example.org/" + String(repeating: "g", count: 40), on: .mastodon) == 23)
        #expect(PlatformText.mastodonLength(of: "see https://" + link, charactersPerURL: 30) == 34)
    }

    @Test func mastodonCountsTheLinkAndTheMentionAsTwitterTextEndsThem() {
        // A link ends before trailing punctuation; a mention inside a link is part of the link.
        #expect(PlatformText.length(of: "(https://example.com/" + String(repeating: "x", count: 30) + ").", on: .mastodon) == 26)
        #expect(PlatformText.length(of: "https://example.com/@someone@mastodon.social", on: .mastodon) == 23)
        #expect(PlatformText.length(of: "https://example.com/日本語のパス", on: .mastodon) == 23, "Mastodon's paths take any letter")
        #expect(PlatformText.length(of: "http://localhost/" + String(repeating: "x", count: 30), on: .mastodon) == 47, "no known top-level domain")
    }

    @Test func xWeighsALinkWithoutASchemeAs23() {
        let seeExample = String(repeating: "x", count: 262) + " see example.com"
        #expect(PlatformText.length(of: seeExample, on: .x) == 290)
        #expect(ContentLimit.check(seeExample, kind: "x")?.count == 290)
        let withPath = String(repeating: "x", count: 200) + " example.com/" + String(repeating: "p", count: 100)
        #expect(PlatformText.length(of: withPath, on: .x) == 224)
        #expect(ContentLimit.check(withPath, kind: "x") == nil)
    }

    @Test func xKnowsWhichTopLevelDomainsMakeALink() {
        #expect(PlatformText.length(of: "foo.social", on: .x) == 23)
        #expect(PlatformText.length(of: "foo.invalidtld", on: .x) == 14)
        #expect(PlatformText.length(of: "v1.2", on: .x) == 4)
        #expect(PlatformText.length(of: "/example.com", on: .x) == 12, "a slash before a link without a scheme makes it none")
    }
}
