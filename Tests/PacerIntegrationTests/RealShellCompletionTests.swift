import Foundation
import PacerProtocol
import Testing

/// The completion scripts in the shells people use: bash completes `pacer show ` with the running
/// pacerd's post ids through its own completion machinery, fish completes subcommands with
/// `complete -C`, and zsh's compinit registers the script and loads it without an error.
@Suite(.timeLimit(.minutes(2)))
struct RealShellCompletionTests {
    private let harness: DaemonHarness
    private let scripts: URL
    /// The harness's environment with the built `pacer` first on PATH, as the scripts call `pacer`.
    private let environment: [String: String]

    init() throws {
        harness = try DaemonHarness()
        try harness.start()
        _ = try harness.pacerJSON(PostView.self, "add", "First post about maps", "--at", "+1d")
        _ = try harness.pacerJSON(PostView.self, "add", "Second post about compasses", "--at", "+2d")
        scripts = harness.root.appendingPathComponent("completions")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        let pacer = DaemonHarness.binDirectory.appendingPathComponent("pacer").path
        for (shell, file) in [("bash", "pacer.bash"), ("zsh", "_pacer"), ("fish", "pacer.fish")] {
            let script = try harness.run(pacer, ["--generate-completion-script", shell])
            try Data(script.stdout.utf8).write(to: scripts.appendingPathComponent(file))
        }
        environment = ["PATH": DaemonHarness.binDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
    }

    private func shell(_ program: String, _ arguments: [String]) throws -> CommandResult {
        try harness.run("/usr/bin/env", [program] + arguments, extraEnvironment: environment)
    }

    @Test func bashCompletesSubcommandsAndThePostIDs() throws {
        let complete = """
            source "$1"
            complete_line() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<<"$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                _pacer pacer "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
            }
            echo "== pacer sh"; complete_line "pacer sh"
            echo "== pacer show "; complete_line "pacer show "
            """
        let result = try shell("bash", ["-c", complete, "bash", scripts.appendingPathComponent("pacer.bash").path])
        #expect(result.status == 0, "\(result.stderr)")
        let sections = result.stdout.components(separatedBy: "== ").dropFirst().map { $0.split(separator: "\n").map(String.init) }
        #expect(sections.count == 2, "\(result.stdout)")
        let commands = sections.first.map { Array($0.dropFirst()) } ?? []
        let ids = Set(sections.last.map { Array($0.dropFirst()) } ?? [])
        #expect(commands.contains("show"), "\(result.stdout)")
        #expect(ids.isSuperset(of: ["1", "2"]), "\(result.stdout)\(result.stderr)")
    }

    /// Subcommands only: with fish 3.6 (Debian 12) the script's dynamic completion cannot read the
    /// command line (`commandline -o -tC` is empty there), so post ids are not offered; see
    /// README, Completions.
    @Test func fishLoadsTheScriptAndCompletesSubcommands() throws {
        let result = try shell("fish", ["--no-config", "-c", "source $argv[1]; complete -C 'pacer sh'", scripts.appendingPathComponent("pacer.fish").path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let candidates = Set(result.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") })
        #expect(candidates.contains("show"), "\(result.stdout)")
    }

    @Test func zshRegistersAndLoadsTheScript() throws {
        let load = "fpath=($1 $fpath); autoload -U compinit && compinit -u -D && autoload -U +X _pacer && print -r -- $_comps[pacer]"
        let result = try shell("zsh", ["-f", "-c", load, "zsh", scripts.path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout == "_pacer\n", "\(result.stdout)")
    }
}
