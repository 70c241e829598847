import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol

/// `pacer confirm ID --published URL | --not-published`: settle an `unknown` delivery.
struct Confirm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Say whether an interrupted (unknown) delivery went out.",
        discussion: """
            A delivery is `unknown` when pacerd stopped or timed out in the middle of
            publishing it and the channel cannot prove what happened. Pacer never sends it
            again on its own. Look at the platform, then either record the post's URL
            (--published URL) or queue it again (--not-published).
            """)

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Option(name: .long, help: ArgumentHelp("It went out, at this URL.", valueName: "url"))
    var published: String?

    @Flag(name: .long, help: "It did not go out: queue it again.")
    var notPublished = false

    @Option(name: .long, help: ArgumentHelp("Only the delivery on this channel.", valueName: "name"), completion: Completions.channels)
    var channel: String?

    @Flag(name: .long, help: "Print the post as JSON.")
    var json = false

    func validate() throws {
        guard (published != nil) != notPublished else {
            throw ValidationError("Give exactly one of --published URL or --not-published.")
        }
    }

    func run() throws {
        let parameters = ConfirmParameters(id: id, channel: channel, published: published != nil, url: published)
        let post = try DaemonClient.send(.confirm(parameters), expecting: PostView.self, forPeople: !json)
        if json { return try Output.json(post) }
        Output.line(published != nil ? "Recorded post \(id) as published." : "Queued post \(id) again.")
    }
}

/// `pacer retry ID`: queue failed deliveries again.
struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue a post's failed deliveries again, with a fresh retry budget.")

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Print the post as JSON.")
    var json = false

    func run() throws {
        let post = try DaemonClient.send(.retry(id), expecting: PostView.self, forPeople: !json)
        if json { return try Output.json(post) }
        for delivery in post.deliveries where delivery.state == .queued {
            Output.line("Queued post \(id) on \(delivery.channel) again: planned \(Output.when(delivery.plannedAt))")
        }
    }
}

/// `pacer history`: what was published where and when, with every attempt.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every publishing attempt: where, when, how it ended, the URL or the error.",
        discussion: "Newest first. --since takes a timestamp such as -7d, yesterday or 2026-12-01.")

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Only attempts since this instant (-7d works).", valueName: "when"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only this channel.", valueName: "name"), completion: Completions.channels)
    var channel: String?

    @Flag(name: .long, help: "Print the attempts as JSON.")
    var json = false

    func run() throws {
        let attempts = try DaemonClient.send(.history(HistoryParameters(since: since, channel: channel)), expecting: [AttemptView].self, forPeople: !json)
        if json { return try Output.json(attempts) }
        guard !attempts.isEmpty else {
            Output.line("Nothing was published\(since.map { " since \($0)" } ?? "") yet.")
            return
        }
        let rows = attempts.map { attempt in
            [Output.when(attempt.startedAt), attempt.channel, String(attempt.postID), String(attempt.attempt),
             attempt.outcome ?? "in flight", attempt.url ?? attempt.error ?? ""]
        }
        Output.line(Output.table(["WHEN", "CHANNEL", "POST", "TRY", "OUTCOME", "URL OR ERROR"], rows))
    }
}
