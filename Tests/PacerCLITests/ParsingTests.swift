import ArgumentParser
import Foundation
import PacerProtocol
import Testing
@testable import pacer

/// The first of three levels: arguments parsed in process, without a daemon.
struct ParsingTests {
    @Test func addTakesExactlyOneSourceOfText() throws {
        let add = try #require(try Pacer.parseAsRoot(["add", "--file", "post.md", "--channel", "x", "--channel", "mastodon", "--draft"]) as? Add)
        #expect(add.file == "post.md" && add.channel == ["x", "mastodon"] && add.draft)
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["add"]) }
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["add", "text", "--file", "post.md"]) }
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["add", "--edit", "--file", "post.md"]) }
        let edit = try #require(try Pacer.parseAsRoot(["add", "--edit"]) as? Add)
        #expect(edit.edit)
    }

    @Test func atTakesValuesThatLookLikeOptions() throws {
        let add = try #require(try Pacer.parseAsRoot(["add", "hello", "--at", "-1d"]) as? Add)
        #expect(add.at == "-1d")
        let move = try #require(try Pacer.parseAsRoot(["move", "3", "--at", "+2h"]) as? Move)
        #expect(move.at == "+2h" && move.id == 3)
    }

    @Test func moveNeedsExactlyOneTarget() throws {
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["move", "3"]) }
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["move", "3", "--first", "--last"]) }
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["move", "3", "--first", "--at", "+1h"]) }
        #expect(try Pacer.parseAsRoot(["move", "3", "--last"]) is Move)
    }

    @Test func ids_AreNumbers() throws {
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["show", "twelve"]) }
        #expect(throws: (any Error).self) { try Pacer.parseAsRoot(["edit"]) }
        let usage = Pacer.exitCode(for: ValidationError("x"))
        #expect(usage.rawValue == 64, "usage errors exit 64 (EX_USAGE)")
    }

    @Test func colourIsOnlyForTerminalsWithoutNoColor() {
        #expect(!Style.enabled(for: -1, environment: [:]), "not a terminal")
        #expect(!Style.enabled(for: STDIN_FILENO, environment: ["NO_COLOR": "1"]))
        #expect(!Style.enabled(for: STDIN_FILENO, environment: ["TERM": "dumb"]))
    }

    @Test func tablesIgnoreColourCodesWhenSizingColumns() {
        let coloured = "\u{1B}[32mpublished\u{1B}[0m"
        #expect(Output.visibleWidth(coloured) == 9)
        let table = Output.table(["STATE", "TEXT"], [[coloured, "a"], ["queued", "b"]], width: 80)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.map(Output.visibleWidth).dropFirst().allSatisfy { $0 == lines.map(Output.visibleWidth)[1] })
    }

    @Test func theLastColumnIsCutToTheTerminalWidth() {
        let table = Output.table(["ID", "TEXT"], [["1", String(repeating: "w", count: 200)]], width: 40)
        #expect(table.split(separator: "\n").allSatisfy { Output.visibleWidth(String($0)) <= 40 })
        #expect(table.hasSuffix("…"))
    }

    @Test func anEditorErrorGoesOnTopOfTheFrontMatterOnce() {
        let first = PostFileAnnotation.annotate("+++\nchannels = [\"nope\"]\n+++\ntext", error: "unknown channel \"nope\"")
        #expect(first == "+++\n# error: unknown channel \"nope\"\n#\nchannels = [\"nope\"]\n+++\ntext")
        let second = PostFileAnnotation.annotate(first, error: "another\nproblem")
        #expect(second == "+++\n# error: another\n# error: problem\n#\nchannels = [\"nope\"]\n+++\ntext")
        #expect(PostFileAnnotation.annotate("just text", error: "e") == "+++\n# error: e\n+++\njust text")
    }
}
