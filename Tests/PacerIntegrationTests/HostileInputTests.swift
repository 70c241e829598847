import Foundation
import PacerProtocol
import Testing

/// Bytes from outside that once truncated, forged or froze: control characters in what a person
/// writes, control characters in what servers and programs answer, and a flood of connections.
@Suite(.timeLimit(.minutes(3)))
struct HostileInputTests {
    private var pacer: String { DaemonHarness.binDirectory.appendingPathComponent("pacer").path }

    /// A NUL once cut `Line one\0 and the rest` to `Line one` after `add` had echoed it whole; a
    /// title with line breaks forged header lines in an outbox file. Every way in is refused with
    /// the field and the position, and nothing is stored.
    @Test func controlCharactersAreRefusedFromEveryEntryPoint() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let files = harness.root.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        func file(_ name: String, _ content: String) throws -> String {
            let path = files.appendingPathComponent(name).path
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let nulFile = try file("nul.md", "Line one\u{0} and the rest\n")
        let titleFile = try file("title.md", "+++\ntitle = \"T\\nChannel: forged\\nPublished-At: 1999-01-01\"\n+++\nA fine text\n")
        let overrideFile = try file("override.md", "+++\nchannels = [\"outbox\"]\n[text]\noutbox = \"short\\u0000 tail\"\n+++\nA fine text\n")
        let cases: [(arguments: [String], stdin: String?, message: String)] = [
            (["add", "--file", nulFile], nil, "line 1: column 9 holds the control character U+0000 (NUL)"),
            (["add", "-"], "Hello\u{0} secret tail", "line 1: column 6 holds the control character U+0000 (NUL)"),
            (["add", "Bell \u{7} and escape \u{1B}[31m"], nil, "the text contains the control character U+0007 (BEL) at character 6"),
            (["add", "A fine text", "--title", "T\nChannel: forged"], nil, "the title contains the control character U+000A (LF) at character 2"),
            (["add", "A fine text", "--tag", "ok", "--tag", "bad\rtag"], nil, "tag 2 contains the control character U+000D (CR) at character 4"),
            (["add", "--file", titleFile], nil, "the title contains the control character U+000A (LF)"),
            (["add", "--file", overrideFile], nil, "line 4: column 16 holds a \\u0000 escape, a NUL character"),
        ]
        for (arguments, stdin, message) in cases {
            let result = try harness.run(pacer, arguments, stdin: stdin)
            #expect(result.status == 65, "pacer \(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "pacer \(arguments): \(result.stderr)")
        }
        // Over the socket, as any client could send it.
        let reply = try ControlClient(socketPath: harness.socketPath).send(
            .add(AddParameters(text: "Hello\u{0} secret tail")), expecting: PostView.self)
        #expect(throws: ErrorReply.self) { try reply.get() }
        // `import` refuses the file and says which.
        let imported = try harness.run(pacer, ["import", files.path])
        #expect(imported.status == 65, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("nul.md: refused"), "\(imported.stdout)")
        #expect(try harness.pacerJSON([PostView].self, "list").isEmpty, "nothing was stored")

        // `edit` with an editor that writes a NUL: refused, the post unchanged.
        let post = try harness.pacerJSON(PostView.self, "add", "The original text", "--at", "+1d")
        let editor = try file("editor.sh", "#!/bin/sh\ngrep -q 'control character' \"$1\" || printf 'Line one\\000 and the rest\\n' > \"$1\"\n")
        chmod(editor, 0o755)
        let edited = try harness.run(pacer, ["edit", String(post.id)], extraEnvironment: ["VISUAL": editor])
        #expect(edited.status == 65, "\(edited.stderr)")
        #expect(edited.stderr.contains("U+0000 (NUL)"), "\(edited.stderr)")
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).text == "The original text")
        #expect(harness.isDaemonRunning)
    }

    /// Starts pacerd with one command channel running `script` through `/bin/sh -c` (a TOML basic
    /// string: its backslashes escaped), queues `text` on it, and waits until the delivery's state
    /// is `state` (`failed`, `published`).
    private func publish(_ text: String, through script: String, until state: String) throws -> (DaemonHarness, PostView) {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "script"
            kind = "command"
            default = true
            command = ["/bin/sh", "-c", "\(script)"]
            """)
        var post = try harness.pacerJSON(PostView.self, "add", text)
        try harness.wait(seconds: 20, for: "the delivery to be \(state)") {
            post = try harness.pacerJSON(PostView.self, "show", String(post.id))
            return post.deliveries.first?.state.rawValue == state
        }
        return (harness, post)
    }

    /// A program's answer is shown to a person with its control characters made visible: an
    /// escape sequence in it cannot retitle or recolour the terminal. `--json` keeps it as it was.
    @Test func whatAProgramAnsweredIsShownWithItsControlCharactersEscaped() throws {
        let (harness, post) = try publish(
            "Say it plainly", through: #"printf 'boom \\033]0;PWNED\\007\\033[31mred' >&2; exit 1"#, until: "failed")
        for arguments in [["history"], ["show", String(post.id)], ["why", String(post.id)]] {
            let shown = try harness.run(pacer, arguments, extraEnvironment: ["COLUMNS": "400"])
            #expect(shown.status == 0, "\(arguments): \(shown.stderr)")
            #expect(!shown.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments): \(shown.stdout)")
            #expect(shown.stdout.contains("\\u{1B}]0;PWNED\\u{7}\\u{1B}[31mred"), "\(arguments): \(shown.stdout)")
        }
        let json = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(json.deliveries.first?.error?.contains("\u{1B}]0;PWNED\u{7}") == true, "JSON keeps the answer as it was")
    }

    /// A program that prints control characters as its URL: the post is published, the URL dropped
    /// with a word in the journal, never stored cut short.
    @Test func aURLWithControlCharactersIsDroppedNotCut() throws {
        let (harness, shown) = try publish("A link that lies", through: #"printf 'https://example.invalid/1\\000/tail\\n'"#, until: "published")
        #expect(shown.deliveries.first?.url == nil)
        #expect(harness.log.contains("the channel's URL was dropped: it contains U+0000 (NUL)"), "\(harness.log)")
    }

    /// With every connection pacerd serves taken by idle clients, one more gets a `busy` line and
    /// `pacer` exits 75 saying to try again; the journal gets one warning, not one per refusal.
    @Test func aFullHouseAnswersBusyAndWarnsOnce() throws {
        let harness = try DaemonHarness()
        try harness.start()
        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        for _ in 0..<300 {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { bytes in
                for (index, byte) in harness.socketPath.utf8.enumerated() { bytes[index] = byte }
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            #expect(connected == 0)
            idle.append(fd)
        }
        var refused: CommandResult?
        try harness.wait(seconds: 20, for: "a refusal as busy") {
            let result = try harness.pacer("status")
            refused = result
            return result.status == 75
        }
        let result = try #require(refused)
        #expect(result.stderr.contains("as many as it allows; try again in a moment"), "\(result.stderr)")
        for _ in 0..<20 { _ = try harness.pacer("status") }
        let warnings = harness.log.components(separatedBy: "\n").filter { $0.contains("as busy") }
        #expect(warnings.count == 1, "\(warnings)")
        idle.forEach { close($0) }
        idle = []
        try harness.wait(seconds: 20, for: "pacer status to work again") { try harness.pacer("status").status == 0 }
    }
}
