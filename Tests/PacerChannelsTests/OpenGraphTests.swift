import Testing
@testable import PacerChannels

/// Reading a page's preview tags (``OpenGraph``) and their character references (``HTMLEntities``).
struct OpenGraphTests {
    @Test func characterReferencesAreDecodedAndUnknownOnesKept() {
        #expect(HTMLEntities.decode("Tom &amp; Jerry &#8212; &#x1F600; &lt;b&gt; &quot;q&quot; &apos;a&#39;")
                == "Tom & Jerry — 😀 <b> \"q\" 'a'")
        #expect(HTMLEntities.decode("AT&T &bogus; &#; &#x; a & b &") == "AT&T &bogus; &#; &#x; a & b &")
        #expect(HTMLEntities.decode("&#0; &#xD800; &#1114112;") == "\u{FFFD} \u{FFFD} \u{FFFD}")
        #expect(HTMLEntities.decode("&amp;amp;") == "&amp;", "decoded once")
    }

    @Test func openGraphTagsWinOverTwitterTagsAndTheDocumentsTitle() {
        let html = """
            <html><head><!-- <meta property="og:title" content="commented out"> -->
            <title>Document &amp; title</title>
            <style>meta { content: "<meta property='og:title' content='styled'>" }</style>
            <meta name="twitter:title" content="Twitter title">
            <META PROPERTY="og:title" CONTENT="Open Graph title">
            <meta property="og:title" content="a second one">
            <meta name=description content=unquoted>
            <meta property="og:image" content=" /a.png ">
            </head></html>
            """
        let tags = OpenGraph.parse(Array(html.utf8))
        #expect(tags == OpenGraph(title: "Open Graph title", description: "unquoted", image: "/a.png"))
    }

    @Test func theDocumentsTitleIsTheLastResortAndEmptyValuesCountAsNone() {
        let tags = OpenGraph.parse(Array("<title>  </title><meta property='og:title' content=' '><title>second</title>".utf8))
        #expect(tags.title == nil, "only the first <title> is read")
        let titled = OpenGraph.parse(Array("<head><title>Only\n\tthis</title></head>".utf8))
        #expect(titled == OpenGraph(title: "Only this", description: nil, image: nil))
        #expect(OpenGraph.parse(Array("<title>unclosed".utf8)).title == "unclosed")
        #expect(OpenGraph.parse([]) == OpenGraph(title: nil, description: nil, image: nil))
    }

    @Test func longValuesAreCutWithAnEllipsis() {
        let long = String(repeating: "é", count: 400)
        let tags = OpenGraph.parse(Array("<meta property=og:title content='\(long)'><meta property=og:description content='\(long + long + long)'>".utf8))
        #expect(tags.title?.count == OpenGraph.maxTitleCharacters && tags.title?.hasSuffix("é…") == true)
        #expect(tags.description?.count == OpenGraph.maxDescriptionCharacters)
    }

    @Test func onlyWebLinksAreFollowed() {
        let base = PreviewFetcher.webURL("https://example.com/a/b", relativeTo: nil)
        #expect(base?.absoluteString == "https://example.com/a/b")
        #expect(PreviewFetcher.webURL("../c.png", relativeTo: base)?.absoluteString == "https://example.com/c.png")
        #expect(PreviewFetcher.webURL("//cdn.example/x.png", relativeTo: base)?.absoluteString == "https://cdn.example/x.png")
        #expect(PreviewFetcher.webURL("file:///etc/passwd", relativeTo: base) == nil)
        #expect(PreviewFetcher.webURL("javascript:alert(1)", relativeTo: base) == nil)
        #expect(PreviewFetcher.webURL("data:image/png;base64,AAAA", relativeTo: base) == nil)
    }

    @Test func previewImagesAreToldByTheirBytes() {
        #expect(ThumbnailSignature.format(of: [0xFF, 0xD8, 0xFF, 0xDB]) == .jpeg)
        #expect(ThumbnailSignature.format(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ThumbnailSignature.format(of: Array("GIF89a".utf8)) == .gif)
        #expect(ThumbnailSignature.format(of: Array("RIFF\0\0\0\0WEBPVP8 ".utf8)) == .webp)
        #expect(ThumbnailSignature.format(of: Array("<svg xmlns=…>".utf8)) == nil)
        #expect(ThumbnailSignature.format(of: [0xFF, 0xD8]) == nil)
    }
}
