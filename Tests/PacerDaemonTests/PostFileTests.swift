import PacerDaemon
import Testing

/// The post file format: parsing, errors located on their line, and the editor's round trip.
struct PostFileTests {
    @Test func aFileWithoutFrontMatterIsAllText() throws {
        #expect(try PostFile.parse("Just a post.\n\n") == PostFile(text: "Just a post."))
        #expect(try PostFile.parse("# A Markdown heading\nand text") == PostFile(text: "# A Markdown heading\nand text"))
    }

    @Test func frontMatterFieldsAndPerChannelTexts() throws {
        let file = try PostFile.parse("""
            +++
            channels = ["mastodon", "x"]
            at = "Tue 08:30"
            title = "T"
            tags = ["a", "b"]
            draft = true
            [text]
            x = "short"
            mastodon = "long"
            +++

            Body line one.
            # not a comment: Markdown

            """)
        #expect(file == PostFile(
            text: "Body line one.\n# not a comment: Markdown", channels: ["mastodon", "x"], at: "Tue 08:30", title: "T",
            tags: ["a", "b"], draft: true, overrides: ["x": "short", "mastodon": "long"]))
    }

    @Test(arguments: [
        ("+++\nchannels = \"x\"\n+++\nbody", 2, "channels must be an array of strings"),
        ("+++\ntitle = \"a\"\nchanels = [\"x\"]\n+++\nbody", 3, "unknown key chanels in the top level (did you mean channels?)"),
        ("+++\ndraft = \"yes\"\n+++\nbody", 2, "draft must be true or false"),
        ("+++\n\ntags = [\"a\"\n+++\nbody", 3, "front matter is not valid TOML"),
        ("+++\ntitle = \"x\"\nbody", 1, "never closed"),
        ("+++\n[text]\nx = 3\n+++\nbody", 3, "x must be a string"),
        ("+++\ntext = \"short\"\n+++\nbody", 2, "text must be a table"),
        ("+++\ntitle = \"t\"\n[{text]\n+++\nbody", 3, "expected a table name"),
        ("+++\n[[[text]]\n+++\nbody", 2, "expected a table name"),
    ])
    func errorsNameTheLineAndTheFix(source: String, line: Int, problem: String) throws {
        #expect(throws: PostFileError.self) { try PostFile.parse(source) }
        do {
            _ = try PostFile.parse(source)
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func renderedFilesParseBackToTheSamePost() throws {
        let posts = [
            PostFile(text: "plain", channels: ["outbox"], tags: [], draft: false),
            PostFile(
                text: "Quotes \" and \\ backslashes\n\nand +++ in the body", channels: ["x", "bluesky"], at: "2026-12-01T09:00:00Z",
                title: "Tab\there", tags: ["émoji 🎉", "a\"b"], draft: true, overrides: ["x": "line\nbreak", "bluesky": "\u{7}bell"]),
            PostFile(
                text: "two images", channels: ["outbox"], tags: [], draft: false,
                images: [.init(path: "/state/media/ab.png", alt: "A \"quoted\"\nchart"), .init(path: "photo.jpg", alt: nil)], noAltText: true),
            {
                var thread = PostFile(
                    text: "Part one", channels: ["mastodon", "linkedin"], tags: [], draft: false, overrides: ["linkedin": "All in one"],
                    images: [.init(path: "chart.png", alt: "A chart", part: 2)])
                thread.laterParts = ["Part two\n\nwith a paragraph", "Part three"]
                thread.partOverrides = ["mastodon": ["M one", "M two", "M three"]]
                return thread
            }(),
        ]
        for post in posts {
            let rendered = PostFileRenderer.render(post, limits: [.init(channel: "x", description: "at most 280 weighted characters")])
            #expect(rendered.contains("# x: at most 280 weighted characters"))
            #expect(try PostFile.parse(rendered) == post, "\(rendered)")
        }
    }

    @Test func imagesAreBlocksWithAPathAndAltText() throws {
        let file = try PostFile.parse("""
            +++
            channels = ["outbox"]
            [text]
            x = "short"
            [[image]]
            path = "chart.png"
            alt = "Bar chart: 9 minutes before, 4 after"
            [[image]]
            path = "/abs/photo.jpg"
            +++
            Body
            """)
        #expect(file.images == [.init(path: "chart.png", alt: "Bar chart: 9 minutes before, 4 after"), .init(path: "/abs/photo.jpg", alt: nil)])
        #expect(file.overrides == ["x": "short"])
        #expect(file.noAltText == nil)
        #expect(try PostFile.parse("+++\nno_alt_text = true\n[[image]]\npath = \"a.png\"\n+++\nBody").noAltText == true)
    }

    @Test(arguments: [
        ("+++\n[[image]]\nalt = \"no path\"\n+++\nbody", 2, "every [[image]] needs path"),
        ("+++\n[[image]]\npath = \"a.png\"\nalt = \"x\"\n[[image]]\npath = \"b.png\"\nalts = \"typo\"\n+++\nbody", 7, "unknown key alts in [[image]] #2 (did you mean alt?)"),
        ("+++\nimage = \"a.png\"\n+++\nbody", 2, "image must be written as [[image]] blocks"),
    ])
    func badImageBlocksNameTheLine(source: String, line: Int, problem: String) throws {
        let error = try #require(throws: PostFileError.self) { try PostFile.parse(source) }
        #expect(error.line == line, "\(error)")
        #expect(error.problem.contains(problem), "\(error)")
    }

    @Test func aThreadsPartsAreSplitAtTheMarkerLinesOnly() throws {
        let file = try PostFile.parse("""
            +++
            channels = ["mastodon"]
            +++
            One, with +++ part +++ inside a line.

            +++ part +++
            Two
            +++ part +++
            Three
            """)
        #expect(file.parts == ["One, with +++ part +++ inside a line.", "Two", "Three"])
        let empty = try #require(throws: PostFileError.self) { try PostFile.parse("+++\n+++\nOne\n+++ part +++\n\n+++ part +++\nThree") }
        #expect(empty.line == 4 && empty.problem.contains("part 2 of the thread is empty"), "\(empty)")
        let counts = try #require(throws: PostFileError.self) {
            try PostFile.parse("+++\n[text]\nx = [\"a\"]\n+++\nOne\n+++ part +++\nTwo")
        }
        #expect(counts.problem.contains("text.x gives 1 part(s) and the thread has 2"), "\(counts)")
    }
}
