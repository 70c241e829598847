import Foundation
import PacerProtocol
import Testing

/// Shell completion scripts, and the dynamic completion of post ids and channel names that those
/// scripts ask the built `pacer` for (`pacer ---completion …`).
@Suite(.timeLimit(.minutes(2)))
struct ShellIntegrationTests {
    private var pacer: String { DaemonHarness.binDirectory.appendingPathComponent("pacer").path }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAskPacerForIDsAndChannels(shell: String) throws {
        let harness = try DaemonHarness()
        let script = try harness.run(pacer, ["--generate-completion-script", shell])
        #expect(script.status == 0)
        #expect(script.stdout.contains("---completion edit"), "post ids of `pacer edit` are completed dynamically (\(shell))")
        #expect(script.stdout.contains("---completion add -- --channel"), "channel names of `pacer add --channel` too (\(shell))")
    }

    @Test func dynamicCompletionListsThePostsAndChannelsOfTheDaemon() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            min_gap = "1d"

            [[channel]]
            name = "second"
            kind = "outbox"
            """)
        _ = try harness.pacerJSON(PostView.self, "add", "First post about maps", "--at", "+1d")
        _ = try harness.pacerJSON(PostView.self, "add", "Second post about compasses", "--at", "+1d")
        let ids = try harness.run(pacer, ["---completion", "edit", "--", "positional@0", "2", "0", ""])
        #expect(ids.stdout.split(separator: "\n") == ["1", "2"], "\(ids)")
        let channels = try harness.run(pacer, ["---completion", "add", "--", "--channel", "3", "1", "s"])
        #expect(channels.stdout.split(separator: "\n") == ["second"], "only names starting with the typed prefix: \(channels)")
        _ = harness.stop()
        let offline = try harness.run(pacer, ["---completion", "edit", "--", "positional@0", "2", "0", ""])
        #expect(offline.status == 0 && offline.stdout.isEmpty && offline.stderr.isEmpty, "no daemon: nothing offered, no error")
    }
}
