import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol

/// `pacer add`: queue a post.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Queue a post.",
        discussion: """
            The text comes from the argument, from a post file (--file PATH, or - for
            standard input), or from your editor (--edit opens $VISUAL or $EDITOR on a new
            post file). A post file is Markdown with an optional TOML front matter between
            two +++ lines:

              +++
              channels = ["mastodon", "x"]
              at = "Tue 08:30"
              tags = ["swift"]
              [text]
              x = "A shorter version for X"
              [[image]]
              path = "chart.png"
              alt = "Bar chart: build times fell from 9 to 4 minutes"
              +++
              The post's text.

            Options given here win over the same fields of the file. pacerd plans the post
            under each channel's cadence and prints when it will go out.

            Images (JPEG, PNG, GIF, WebP; up to 4, fewer where a channel takes fewer) need
            alt text, a description for people who cannot see them: each --image takes the
            --alt given in the same place in order. pacerd keeps its own copy, with location
            and device metadata (Exif, XMP) removed, so the file may move or change before
            the post goes out. --no-alt-text publishes images without one, by choice.

            A thread is a post file whose parts are separated by lines holding only
            +++ part +++ ; each part goes out as a reply to the one before it.

            --at sets "not before", in systemd time syntax or ISO 8601:
              +30s  +10min  +2h  +1d  tomorrow 09:00  2026-12-01 09:00  2026-12-01T09:00Z
            or a calendar expression meaning its next elapse: "Tue 08:30".
            An instant in the past is planned for the first instant the rules allow.

            Examples:
              pacer add "Shipped the new release notes today" --at +2min
              pacer add "Build times" --image chart.png --alt "Bar chart: 9 min before, 4 after"
              pacer add --file post.md
              pacer add - --channel outbox < post.md
              pacer add --edit
              pacer add "Is this one fine for Tuesday?" --at "Tue 08:30" --dry-run
            """)

    @Argument(help: ArgumentHelp("The post's text, or - to read a post file from standard input.", valueName: "text"))
    var text: String?

    @Option(name: .long, help: ArgumentHelp("Read the post from a post file (Markdown with +++ TOML front matter).", valueName: "path"), completion: .file())
    var file: String?

    @Flag(name: .long, help: "Write the post in $VISUAL or $EDITOR.")
    var edit = false

    @Option(
        name: .long,
        help: ArgumentHelp("A channel to publish on (repeatable). Default: the channels marked default = true.", valueName: "name"),
        completion: Completions.channels)
    var channel: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Not before this instant.", valueName: "when"))
    var at: String?

    @Option(name: .long, help: "A title, for channels that show one.")
    var title: String?

    @Option(name: .long, help: ArgumentHelp("A tag (repeatable).", valueName: "tag"))
    var tag: [String] = []

    @Option(name: .long, help: ArgumentHelp("An image to attach (repeatable, in order; JPEG, PNG, GIF or WebP).", valueName: "path"), completion: .file())
    var image: [String] = []

    @Option(name: .long, help: ArgumentHelp("The alt text of the --image in the same place (repeatable, in order).", valueName: "text"))
    var alt: [String] = []

    @Flag(name: .long, help: "Publish images that have no --alt without alt text (a choice you state).")
    var noAltText = false

    @Flag(name: .long, help: "Keep it as a draft: stored, never planned, until `pacer edit` sets draft = false.")
    var draft = false

    @Flag(name: .long, help: "Refuse (exit 67) instead of planning later when --at (or now) cannot be honoured exactly.")
    var strict = false

    @Flag(name: .long, help: "Queue it even when it is a near-duplicate of a recent post.")
    var allowDuplicate = false

    @Flag(name: .long, help: "Check every rule and show the plan, but store nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print the queued post as JSON.")
    var json = false

    func validate() throws {
        let sources = [text != nil, file != nil, edit].filter { $0 }.count
        if sources == 0 { throw ValidationError("Give the post's text, - for standard input, --file PATH or --edit.") }
        if sources > 1 { throw ValidationError("Give only one of: the text, --file, --edit.") }
        if alt.count > image.count {
            throw ValidationError("\(alt.count) --alt for \(image.count) --image; give each --alt after the --image it describes.")
        }
        if !noAltText, image.count > alt.count {
            throw ValidationError("--image \(image[alt.count]) has no --alt; describe it for people who cannot see it (--alt \"…\" after it), or pass --no-alt-text to publish it without.")
        }
    }

    func run() throws {
        let workingDirectory = FileManager.default.currentDirectoryPath
        var parameters = AddParameters(
            channels: channel.isEmpty ? nil : channel, at: at, title: title, tags: tag.isEmpty ? nil : tag,
            strict: strict ? true : nil, allowDuplicate: allowDuplicate ? true : nil, draft: draft ? true : nil,
            dryRun: dryRun ? true : nil,
            images: image.isEmpty ? nil : image.enumerated().map { index, path in
                ImageParameter(path: Input.absolute(path, in: workingDirectory), alt: index < alt.count ? alt[index] : nil)
            },
            noAltText: noAltText ? true : nil, baseDirectory: workingDirectory)
        let post: PostView
        if edit {
            let template = try DaemonClient.send(.postFile(nil), expecting: PostFileView.self, forPeople: false)
            let session = EditorSession(initial: template.source, nothingDone: "nothing was queued")
            let queued = try session.run { source in
                parameters.source = source
                return try DaemonClient.reply(.add(parameters), expecting: PostView.self, forPeople: !json).get()
            }
            guard let queued else {
                Output.line("The post file was not changed; nothing was queued.")
                return
            }
            post = queued
        } else {
            if let file {
                parameters.source = try Input.read(file)
                let path = Input.absolute(file, in: workingDirectory)
                parameters.baseDirectory = String(path[..<path.lastIndex(of: "/")!])
            } else if text == "-" {
                parameters.source = try Input.readStandardInput()
            } else {
                parameters.text = text
            }
            post = try DaemonClient.send(.add(parameters), expecting: PostView.self, forPeople: !json)
        }
        if json {
            try Output.json(post)
            return
        }
        Output.queued(post)
    }
}

/// Reading post files and standard input as UTF-8 text.
enum Input {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            Output.error("cannot read \(path); check that it exists and is readable")
            throw ExitCode(CLIExit.invalidInput)
        }
        return try decode(data, source: path)
    }

    /// `path` made absolute against `directory`, for pacerd, which has its own working directory.
    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory == "/" ? "" : directory) + "/" + path
    }

    static func readStandardInput() throws -> String {
        try decode(FileHandle.standardInput.readDataToEndOfFile(), source: "standard input")
    }

    private static func decode(_ data: Data, source: String) throws -> String {
        guard let string = String(data: data, encoding: .utf8) else {
            Output.error("\(source) is not UTF-8 text")
            throw ExitCode(CLIExit.invalidInput)
        }
        return string
    }
}
