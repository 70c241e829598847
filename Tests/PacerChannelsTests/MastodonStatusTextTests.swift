import Testing
@testable import PacerChannels

/// Finding a post among the account's statuses: the text Mastodon returns as HTML compares equal
/// to the text Pacer sent. The HTML is Mastodon 4's own output for these texts.
struct MastodonStatusTextTests {
    @Test func mentionsLinksHashtagsLineBreaksAndEntitiesReadBackAsTheSource() {
        let source = "@Gargron@mastodon.social Fish & chips <3 \"quoted\" it's\nline two\n\n#swift https://example.com/a/very/long/path?x=1&y=2"
        let html = #"<p><span class="h-card" translate="no"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span> Fish &amp; chips &lt;3 &quot;quoted&quot; it&#39;s<br />line two</p><p><a href="https://social.example/tags/swift" class="mention hashtag" rel="tag">#<span>swift</span></a> <a href="https://example.com/a/very/long/path?x=1&amp;y=2" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/long/path?x</span><span class="invisible">=1&amp;y=2</span></a></p>"#
        #expect(MastodonStatusText.text(fromHTML: html)
            == "@Gargron Fish & chips <3 \"quoted\" it's\nline two\n\n#swift https://example.com/a/very/long/path?x=1&y=2")
        #expect(MastodonStatusText.digest(MastodonStatusText.plain(of: ["content": html])!) == MastodonStatusText.digest(source))
    }

    @Test func escapedMarkupStaysText() {
        #expect(MastodonStatusText.text(fromHTML: "<p>&lt;br&gt; is a tag &amp;amp; &#x1F600;</p>") == "<br> is a tag &amp; 😀")
    }

    @Test func blankLinesAndTheEndsAreComparedAsMastodonKeepsThem() {
        // Mastodon strips the ends and makes one paragraph break of any run of blank lines.
        let html = "<p>one</p><p>two<br />three</p>"
        #expect(MastodonStatusText.digest(MastodonStatusText.text(fromHTML: html)) == MastodonStatusText.digest("  one\r\n\r\n\r\ntwo\nthree\n"))
    }

    @Test func anotherTextDoesNotMatch() {
        let html = "<p>Hello, world</p>"
        #expect(MastodonStatusText.digest(MastodonStatusText.text(fromHTML: html)) != MastodonStatusText.digest("Hello, world!"))
        #expect(MastodonStatusText.digest("@me@a.example hi") == MastodonStatusText.digest("@me hi"))
        #expect(MastodonStatusText.digest("mail me@a.example") != MastodonStatusText.digest("mail me"), "an address is not a mention")
    }

    @Test func theSourceTextIsPreferredWhenTheServerGivesIt() {
        #expect(MastodonStatusText.plain(of: ["text": "a & b", "content": "<p>other</p>"]) == "a & b")
        #expect(MastodonStatusText.plain(of: ["pleroma": ["content": ["text/plain": "a & b"]], "content": "<p>other</p>"]) == "a & b")
        #expect(MastodonStatusText.plain(of: ["text": "", "content": "<p>a &amp; b</p>"]) == "a & b")
    }
}
