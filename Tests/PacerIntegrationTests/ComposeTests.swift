import Foundation
import PacerProtocol
import Testing

/// Post files, the editor, import, move and drafts, through the built `pacer` against a real daemon.
@Suite(.timeLimit(.minutes(2)))
struct ComposeTests {
    static let twoChannels = """
        [[channel]]
        name = "outbox"
        kind = "outbox"
        default = true

        [[channel]]
        name = "x"
        kind = "outbox"
        max_length = 40
        """

    /// A shell script the tests use as `$EDITOR`: it runs `body` with the file as `$1`.
    private func editor(_ harness: DaemonHarness, _ name: String, _ body: String) throws -> String {
        let path = harness.root.appendingPathComponent(name).path
        try Data("#!/bin/sh\nset -e\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o700)
        return path
    }

    private func write(_ harness: DaemonHarness, _ name: String, _ text: String) throws -> String {
        let url = harness.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func aPostFileSetsChannelsTagsTitleAndPerChannelTexts() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.twoChannels)
        let file = try write(harness, "post.md", """
            +++
            channels = ["outbox", "x"]
            at = "+1d"
            title = "Release notes"
            tags = ["swift", "linux"]
            [text]
            x = "Short: release notes are out"
            +++
            The long version of the release notes, far longer than forty characters.
            """)
        let post = try harness.pacerJSON(PostView.self, "add", "--file", file)
        #expect(post.title == "Release notes")
        #expect(post.tags == ["swift", "linux"])
        #expect(post.text == "The long version of the release notes, far longer than forty characters.")
        #expect(post.deliveries.map(\.channel) == ["outbox", "x"])
        #expect(post.deliveries.map(\.text) == [nil, "Short: release notes are out"])
        // Options win over the file's fields; standard input is a post file too.
        let piped = try harness.pacer("add", "-", "--channel", "outbox", "--json", stdin: "+++\ntags = [\"piped\"]\n+++\nFrom standard input, about gardens\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        let pipedPost = try ControlCoding.makeDecoder().decode(PostView.self, from: Data(piped.stdout.utf8))
        #expect(pipedPost.tags == ["piped"] && pipedPost.deliveries.map(\.channel) == ["outbox"])
    }

    @Test func aPostTooLongForOneChannelNamesTheOverrideAsTheWayOut() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.twoChannels)
        let refused = try harness.pacer("add", "A text that is clearly longer than the forty characters x allows", "--channel", "x")
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("64/40 characters on x; shorten it by 24"), "\(refused.stderr)")
        #expect(refused.stderr.contains("text.x"), "the refusal names the override: \(refused.stderr)")
        let badOverride = try write(harness, "bad.md", "+++\nchannels = [\"outbox\"]\n[text]\nx = \"short\"\n+++\nbody about rivers\n")
        let notAChannel = try harness.pacer("add", "--file", badOverride)
        #expect(notAChannel.status == 65)
        #expect(notAChannel.stderr.contains("the post does not go to x"), "\(notAChannel.stderr)")
        let syntax = try write(harness, "syntax.md", "+++\nchannels = [\"outbox\"\n+++\nbody\n")
        let syntaxError = try harness.pacer("add", "--file", syntax)
        #expect(syntaxError.status == 65)
        #expect(syntaxError.stderr.contains("post file line"), "the error names the line: \(syntaxError.stderr)")
        let unclosed = try write(harness, "unclosed.md", "+++\nchannels = [\"outbox\"]\nbody\n")
        #expect(try harness.pacer("add", "--file", unclosed).stderr.contains("never closed"))
        #expect(try harness.pacerJSON([PostView].self, "list").isEmpty, "nothing was queued")
    }

    @Test func editChangesThePostThroughTheEditor() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.twoChannels)
        let post = try harness.pacerJSON(PostView.self, "add", "The first words about lighthouses", "--at", "+2d")
        let seen = harness.root.appendingPathComponent("seen.md").path
        let script = try editor(harness, "edit.sh", """
            cp "$1" \(seen)
            sed -i 's/^channels = .*/channels = ["outbox", "x"]/; s/lighthouses/lighthouses and harbours/; s/^\\[text\\]/[text]\\nx = "Lighthouses, briefly"/' "$1"
            """)
        let edited = try harness.pacer("edit", String(post.id), "--json", environment: ["EDITOR": script, "VISUAL": ""])
        #expect(edited.status == 0, "\(edited.stderr)")
        let shown = try String(contentsOfFile: seen, encoding: .utf8)
        #expect(shown.hasPrefix("+++\n"))
        #expect(shown.contains("# x: at most 40 characters"), "the limits are shown as comments: \(shown)")
        #expect(shown.contains("The first words about lighthouses"))
        let after = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(after.text == "The first words about lighthouses and harbours")
        #expect(after.deliveries.filter { $0.state == .queued }.map(\.channel) == ["outbox", "x"])
        #expect(after.deliveries.first { $0.channel == "x" }?.text == "Lighthouses, briefly")
        #expect(harness.log.contains("edited post \(post.id)"))
    }

    @Test func anEditorErrorReopensWithTheErrorAndAnUnchangedSaveGivesUp() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.twoChannels)
        let post = try harness.pacerJSON(PostView.self, "add", "Words about kites", "--at", "+2d")
        let rounds = harness.root.appendingPathComponent("rounds").path
        // Round 1 names an unknown channel; round 2 sees the error on top and fixes it.
        let fixing = try editor(harness, "fix.sh", """
            echo round >> \(rounds)
            if grep -q '^# error: ' "$1"; then
              grep -q 'unknown channel "nope"' "$1"
              sed -i 's/^channels = .*/channels = ["outbox"]/; s/kites/kites and gulls/' "$1"
            else
              sed -i 's/^channels = .*/channels = ["nope"]/' "$1"
            fi
            """)
        let fixed = try harness.pacer("edit", String(post.id), environment: ["EDITOR": fixing])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try String(contentsOfFile: rounds, encoding: .utf8).split(separator: "\n").count == 2)
        #expect(fixed.stderr.contains("unknown channel \"nope\""))
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).text == "Words about kites and gulls")

        // Always the same bad change: the second save is unchanged, so pacer gives up, changing nothing.
        let stubborn = try editor(harness, "stubborn.sh", "sed -i 's/^channels = .*/channels = [\"nope\"]/' \"$1\"")
        let gaveUp = try harness.pacer("edit", String(post.id), environment: ["EDITOR": stubborn])
        #expect(gaveUp.status == 65)
        #expect(gaveUp.stderr.contains("saved unchanged after the error"), "\(gaveUp.stderr)")
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).text == "Words about kites and gulls")

        // Quitting without saving changes nothing and says so.
        let untouched = try harness.pacer("edit", String(post.id), environment: ["EDITOR": "true"])
        #expect(untouched.status == 0)
        #expect(untouched.stdout.contains("left as it was"))
    }

    @Test func addEditWritesANewPostAndDraftsWaitUntilQueued() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.twoChannels)
        let script = try editor(harness, "new.sh", "printf 'A new post about owls\\n' >> \"$1\"; sed -i 's/^draft = false/draft = true/' \"$1\"")
        let added = try harness.pacer("add", "--edit", "--json", environment: ["EDITOR": script])
        #expect(added.status == 0, "\(added.stderr)")
        let post = try ControlCoding.makeDecoder().decode(PostView.self, from: Data(added.stdout.utf8))
        #expect(post.text == "A new post about owls")
        #expect(post.deliveries.map(\.state) == [.draft])
        #expect(try harness.pacerJSON([PostView].self, "drafts").map(\.id) == [post.id])
        #expect(try harness.pacerJSON([PlanEntryView].self, "plan").isEmpty, "a draft is never planned")
        let queue = try editor(harness, "queue.sh", "sed -i 's/^draft = true/draft = false/' \"$1\"")
        let queued = try harness.pacer("edit", String(post.id), "--json", environment: ["EDITOR": queue])
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(try harness.pacerJSON([PostView].self, "drafts").isEmpty)
        try harness.wait(seconds: 10, for: "the queued draft is published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        // What went out is never rewritten.
        let late = try harness.pacer("edit", String(post.id), environment: ["EDITOR": script])
        #expect(late.status == 67)
        #expect(late.stderr.contains("cannot be edited: its delivery on outbox is published"), "\(late.stderr)")
    }

    @Test func importQueuesEachFileAndReportsEachRefusal() throws {
        let harness = try DaemonHarness()
        try harness.start(config: Self.twoChannels)
        _ = try write(harness, "posts/01-first.md", "+++\nat = \"+1d\"\n+++\nAbout compilers and their errors\n")
        _ = try write(harness, "posts/02-second.txt", "About databases that keep every row\n")
        _ = try write(harness, "posts/03-bad.md", "+++\nat = \"never ever\"\n+++\nAbout nothing in particular\n")
        _ = try write(harness, "posts/notes.json", "{}")
        let folder = harness.root.appendingPathComponent("posts").path
        let dryRun = try harness.pacer("import", folder, "--dry-run")
        #expect(dryRun.status == 65)
        #expect(dryRun.stdout.contains("01-first.md: would queue"))
        #expect(dryRun.stdout.contains("03-bad.md: refused: at \"never ever\""), "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("2 would be queued, 1 refused"))
        #expect(try harness.pacerJSON([PostView].self, "list").isEmpty, "a dry run stores nothing")
        let real = try harness.pacer("import", folder)
        #expect(real.status == 65)
        #expect(real.stdout.contains("2 queued, 1 refused"), "\(real.stdout)")
        #expect((try? harness.pacerJSON(PostView.self, "show", "2")) != nil, "both good files were stored")
        #expect((try? harness.pacerJSON(PostView.self, "show", "3")) == nil, "the refused one was not")
        // Importing again: near-duplicates of what is queued are refused, file by file.
        let again = try harness.pacer("import", folder)
        #expect(again.stdout.contains("0 queued, 3 refused"), "\(again.stdout)")
        #expect(again.stdout.contains("near-duplicate"))
    }

    @Test func moveFirstPutsAPostAheadOfTheQueue() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            min_gap = "2h"
            """)
        let first = try harness.pacerJSON(PostView.self, "add", "Post one about bridges")
        let second = try harness.pacerJSON(PostView.self, "add", "Post two about tunnels")
        let third = try harness.pacerJSON(PostView.self, "add", "Post three about ferries")
        try harness.wait(seconds: 10, for: "the first is published") {
            try harness.pacerJSON(PostView.self, "show", String(first.id)).deliveries.first?.state == .published
        }
        func order() throws -> [Int64] { try harness.pacerJSON([PlanEntryView].self, "plan").map(\.postID) }
        #expect(try order() == [second.id, third.id])
        _ = try harness.pacerJSON(PostView.self, "move", String(third.id), "--first")
        #expect(try order() == [third.id, second.id])
        _ = try harness.pacerJSON(PostView.self, "move", String(third.id), "--last")
        #expect(try order() == [second.id, third.id])
        let moved = try harness.pacerJSON(PostView.self, "move", String(second.id), "--at", "+3d")
        #expect(try order() == [third.id, second.id])
        #expect(moved.deliveries.first?.reasons.contains { $0.rule == "at" } == true)
        let usage = try harness.pacer("move", String(second.id), "--first", "--last")
        #expect(usage.status == 64)
        let published = try harness.pacer("move", String(first.id), "--first")
        #expect(published.status == 67, "a published post cannot move: \(published.stderr)")
    }

    @Test func showTellsTheTimelineOfEachDelivery() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "Timeline of a post about trains")
        try harness.wait(seconds: 10, for: "published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let shown = try harness.pacerJSON(PostView.self, "show", String(post.id))
        #expect(shown.attempts.map(\.outcome) == ["published"])
        let text = try harness.pacer("show", String(post.id))
        #expect(text.stdout.contains("queued"))
        #expect(text.stdout.contains("attempt 1: claimed, publishing"))
        #expect(text.stdout.contains("attempt 1: published file://"), "\(text.stdout)")
        #expect(!text.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }
}
