import ArgumentParser
import PacerProtocol

/// `pacer`: the companion CLI of pacerd.
@main
struct Pacer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pacer",
        abstract: "Queue posts and see when pacerd will publish them.",
        discussion: """
            pacer talks to pacerd over $XDG_RUNTIME_DIR/pacer/control.sock. Start the
            daemon with `systemctl --user enable --now pacer`, or run `pacerd` in a
            terminal.

            Exit status:
            \(CLIExit.summary)
            """,
        version: PacerVersion.current,
        subcommands: [
            Add.self, Edit.self, Import.self, List.self, Drafts.self, Show.self, Move.self, Remove.self, Status.self,
            PlanCommand.self, Why.self, Channels.self, Hold.self, Release.self, Pause.self, Resume.self, Config.self,
            Confirm.self, Retry.self, History.self, Logs.self, Doctor.self, Auth.self,
            CalendarCommand.self, TimestampCommand.self, TimespanCommand.self,
        ])
}
