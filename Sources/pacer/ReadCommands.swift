import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol

/// `pacer list`: the queue in planned order.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the queue in planned order.",
        discussion: "Lists every post with a delivery still to go out or to resolve (queued, held, draft, claimed, unknown).")

    @Flag(name: .long, help: "Print the posts as a JSON array.")
    var json = false

    func run() throws {
        let posts = try DaemonClient.send(.list, expecting: [PostView].self, forPeople: !json)
        if json {
            try Output.json(posts)
            return
        }
        guard !posts.isEmpty else {
            Output.line("The queue is empty. Queue a post with: pacer add \"…\"")
            return
        }
        let rows = posts.flatMap { post in
            post.deliveries.map { delivery in
                [String(post.id), delivery.channel, Style.state(delivery.state.rawValue), Output.when(delivery.plannedAt), Output.excerpt(post.text)]
            }
        }
        Output.line(Output.table(["POST", "CHANNEL", "STATE", "PLANNED", "TEXT"], rows))
    }
}

/// `pacer show ID`: one post, its deliveries, and the timeline of each.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one post: its text, and the timeline of each delivery.",
        discussion: """
            The timeline says when the post was queued, when each delivery is planned and
            why not sooner, every attempt (claimed, published with its URL, failed or
            retried with the error) and where it stands now.
            """)

    @Argument(help: "The post's id (from pacer add or pacer list).", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Print the post as JSON (with its attempts).")
    var json = false

    func run() throws {
        let post = try DaemonClient.send(.show(id), expecting: PostView.self, forPeople: !json)
        if json {
            try Output.json(post)
            return
        }
        Output.line(Style.heading("Post \(post.id)"))
        if let title = post.title { Output.line("Title: \(title)") }
        if !post.tags.isEmpty { Output.line("Tags: \(post.tags.joined(separator: ", "))") }
        Output.line("")
        let texts = [post.text] + post.parts
        for (number, text) in zip(1..., texts) {
            if texts.count > 1 {
                if number > 1 { Output.line("") }
                Output.line("  part \(number) of \(texts.count):")
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { Output.line("    \(line)") }
            for (index, image) in zip(1..., post.images) where image.part == number {
                Output.line("    " + Output.image(image, number: index))
            }
        }
        for delivery in post.deliveries {
            Output.line("")
            Output.line("\(Style.heading(delivery.channel)) (delivery \(delivery.id)): \(Style.state(delivery.state.rawValue))")
            if let text = delivery.text {
                Output.line("  text on \(delivery.channel): \(Output.excerpt(text))")
            }
            if let count = delivery.partCount {
                Output.line("  thread: \(delivery.partsOut ?? 0) of \(count) parts out")
            }
            let rows = Timeline.events(of: delivery, in: post).map { [$0.at.map { Output.when($0) } ?? "", $0.what] }
            let table = Output.table(["WHEN", "WHAT"], rows, width: Output.terminalWidth - 2)
            Output.line(table.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}

/// `pacer status`: is the daemon up, what is queued, what goes out next.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show whether pacerd runs, what is queued and what goes out next.")

    @Flag(name: .long, help: "Print the status as JSON.")
    var json = false

    func run() throws {
        let status = try DaemonClient.send(.status, expecting: StatusView.self, forPeople: !json)
        if json {
            try Output.json(status)
            return
        }
        Output.line("pacerd \(status.version) is running (pid \(status.pid), since \(Output.when(status.startedAt)))")
        Output.line(status.summary)
        if let next = status.next {
            Output.line("Next: post \(next.postID) on \(next.channel) at \(Output.when(next.plannedAt))")
        }
        for budget in status.today {
            Output.line("Today on \(budget.channel): \(budget.used) of \(budget.limit.map(String.init) ?? "unlimited")")
        }
        if status.unknown > 0 {
            Output.line("\(status.unknown) deliveries may or may not have gone out after an interruption; see pacer list")
        }
    }
}

/// `pacer rm ID`: cancel a post's pending deliveries.
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Cancel a post's pending deliveries.",
        discussion: "Draft, queued and held deliveries are cancelled; published ones stay as they are. A post with nothing left to cancel is refused (exit 67).")

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Print the post as JSON.")
    var json = false

    func run() throws {
        let post = try DaemonClient.send(.cancel(id), expecting: PostView.self, forPeople: !json)
        if json {
            try Output.json(post)
            return
        }
        let cancelled = post.deliveries.filter { $0.state == .cancelled }.map(\.channel)
        Output.line("Cancelled post \(post.id) on \(cancelled.joined(separator: ", ")).")
    }
}
