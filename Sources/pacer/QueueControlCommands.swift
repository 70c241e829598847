import ArgumentParser
import PacerCore
import PacerProtocol

/// `pacer hold ID`: keep a post's queued deliveries from going out until released.
struct Hold: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Hold a post: its queued deliveries wait until `pacer release`.")

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Print the post as JSON.")
    var json = false

    func run() throws {
        let post = try DaemonClient.send(.hold(id), expecting: PostView.self, forPeople: !json)
        if json { return try Output.json(post) }
        Output.line("Held post \(post.id); release it with: pacer release \(post.id)")
    }
}

/// `pacer release ID`: return held deliveries to the queue.
struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release a held post back to the queue.",
        discussion: "Deliveries held by `pacer hold` or by a privacy finding (privacy = \"hold\") are planned again.")

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Print the post as JSON.")
    var json = false

    func run() throws {
        let post = try DaemonClient.send(.release(id), expecting: PostView.self, forPeople: !json)
        if json { return try Output.json(post) }
        for delivery in post.deliveries where delivery.state == .queued {
            Output.line("Released post \(post.id) on \(delivery.channel): planned \(Output.when(delivery.plannedAt))")
        }
    }
}

/// `pacer pause [CHANNEL]`.
struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause one channel, or the whole queue.",
        discussion: "Nothing goes out while paused; the pause survives restarts. Posts can still be queued.")

    @Argument(help: "The channel; without it, the whole queue.", completion: Completions.channels)
    var channel: String?

    @Flag(name: .long, help: "Print the channels as JSON.")
    var json = false

    func run() throws {
        let channels = try DaemonClient.send(.pause(channel), expecting: [ChannelView].self, forPeople: !json)
        if json { return try Output.json(channels) }
        Output.line("Paused \(channel.map { "channel \($0)" } ?? "the whole queue"); resume with: pacer resume\(channel.map { " \($0)" } ?? "")")
    }
}

/// `pacer resume [CHANNEL]`.
struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume one channel, or the whole queue.")

    @Argument(help: "The channel; without it, the whole queue.", completion: Completions.channels)
    var channel: String?

    @Flag(name: .long, help: "Print the channels as JSON.")
    var json = false

    func run() throws {
        let channels = try DaemonClient.send(.resume(channel), expecting: [ChannelView].self, forPeople: !json)
        if json { return try Output.json(channels) }
        Output.line("Resumed \(channel.map { "channel \($0)" } ?? "the whole queue").")
        let stillPaused = channels.filter(\.paused).map(\.name)
        if !stillPaused.isEmpty { Output.line("Still paused: \(stillPaused.joined(separator: ", "))") }
    }
}
