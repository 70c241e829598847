import Foundation
import PacerProtocol
import Testing

/// `pacer edit` with the terminal editors people use, in a real pseudo-terminal, driven by
/// keystrokes (`Tests/Support/pty-editor.py`). The editor must be in the terminal's foreground:
/// started in a process group of its own, vim was stopped by SIGTTOU and pacer waited for ever.
/// A Ctrl-C typed into the editor is the editor's, not pacer's.
@Suite(.timeLimit(.minutes(2)))
struct TerminalEditorTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/pty-editor.py").standardized.path

    /// Each editor: the command, and the keys that append a line at the end of the file and save.
    static let editors: [String: (command: String, keys: [String])] = [
        "vim": ("vim -u NONE -N -n", ["\u{3}", "G", "o", "Typed in vim", "\u{1B}", ":wq\r"]),
        "nano": ("nano --ignorercfiles", ["\u{3}", "\u{1B}/", "\rTyped in nano", "\u{18}", "y", "\r"]),
    ]

    @Test(arguments: ["vim", "nano"])
    func anEditInATerminalEditorIsStored(editor: String) throws {
        let (command, keys) = try #require(Self.editors[editor])
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "The text before the edit", "--at", "+1d")
        let keysJSON = String(decoding: try JSONEncoder().encode(keys), as: UTF8.self)
        let pacer = DaemonHarness.binDirectory.appendingPathComponent("pacer").path
        let session = try harness.run(
            "/usr/bin/env", ["python3", Self.script, "The text before", keysJSON, pacer, "edit", String(post.id)],
            extraEnvironment: ["VISUAL": command, "TERM": "xterm"])
        #expect(session.status == 0, "pacer edit under \(editor) ended with \(session.status); the terminal showed:\n\(session.stdout)")
        let edited = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(edited.text.hasPrefix("The text before the edit"), "\(edited.text)")
        #expect(edited.text.contains("Typed in \(editor)"), "\(edited.text)")
    }
}
