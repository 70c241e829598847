import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol

/// `pacer plan`: the timeline, and a week-by-hour heatmap.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what goes out when, and a week-by-hour heatmap of planned posts.",
        discussion: """
            Each line is one delivery with its planned instant and every reason it is not
            sooner. The heatmap counts planned deliveries per weekday and hour (local
            time): the darker, the more. --json prints an array of {delivery_id, post_id,
            channel, planned_at, reasons, excerpt} in planned order.
            """)

    @Option(name: .long, help: "Only the next N days.")
    var days: Int?

    @Option(name: .long, help: ArgumentHelp("Only this channel.", valueName: "name"), completion: Completions.channels)
    var channel: String?

    @Flag(name: .long, help: "Print the plan as JSON.")
    var json = false

    func validate() throws {
        if let days, days < 1 { throw ValidationError("--days must be at least 1.") }
    }

    func run() throws {
        let entries = try DaemonClient.send(.plan(PlanParameters(days: days, channel: channel)), expecting: [PlanEntryView].self, forPeople: !json)
        if json { return try Output.json(entries) }
        guard !entries.isEmpty else {
            Output.line("Nothing is planned\(days.map { " in the next \($0) days" } ?? ""). Queue a post with: pacer add \"…\"")
            return
        }
        let rows = entries.map { entry in
            [Output.when(entry.plannedAt), entry.channel, String(entry.postID), entry.excerpt]
        }
        Output.line(Output.table(["WHEN", "CHANNEL", "POST", "TEXT"], rows))
        let deferred = entries.filter { !$0.reasons.isEmpty }
        if !deferred.isEmpty {
            Output.line("")
            for entry in deferred {
                Output.line("post \(entry.postID) on \(entry.channel): " + entry.reasons.map { Output.reason($0) }.joined(separator: "; "))
            }
        }
        let instants = entries.compactMap(\.plannedAt)
        if !instants.isEmpty {
            Output.line("")
            Output.line(Heatmap.render(instants, in: TimeZone.current))
        }
    }
}

/// `pacer why ID`: each delivery of a post and why it is planned when it is.
struct Why: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "why", abstract: "Explain when a post's deliveries go out, and why not sooner.")

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Print the post, with each delivery's reasons, as JSON.")
    var json = false

    func run() throws {
        let post = try DaemonClient.send(.show(id), expecting: PostView.self, forPeople: !json)
        if json { return try Output.json(post) }
        for delivery in post.deliveries {
            switch delivery.state {
            case .queued:
                let when = delivery.plannedAt.map { "goes out \(Output.when($0))" } ?? "cannot be planned"
                Output.line("Post \(post.id) on \(delivery.channel) \(when).")
                if delivery.reasons.isEmpty {
                    Output.line("  Nothing holds it back: this is the first instant the rules allow.")
                }
                for reason in delivery.reasons { Output.line("  because \(Output.reason(reason))") }
            case .held:
                Output.line("Post \(post.id) on \(delivery.channel) is held\(delivery.heldReason.map { ": \($0)" } ?? ""); pacer release \(post.id) queues it again.")
            case .published:
                Output.line("Post \(post.id) on \(delivery.channel) was published \(Output.when(delivery.publishedAt))\(delivery.url.map { " at \($0)" } ?? "").")
            default:
                Output.line("Post \(post.id) on \(delivery.channel) is \(delivery.state.rawValue)\(delivery.error.map { ": \($0)" } ?? "").")
            }
        }
    }
}

/// `pacer channels`: each channel's rules and budgets.
struct Channels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channels",
        abstract: "Show each channel's rules, today's and this week's budget, and whether it is paused.")

    @Flag(name: .long, help: "Print the channels as JSON.")
    var json = false

    func run() throws {
        let channels = try DaemonClient.send(.channels, expecting: [ChannelView].self, forPeople: !json)
        if json { return try Output.json(channels) }
        for channel in channels {
            let flags = [channel.isDefault ? "default" : nil, channel.paused ? "PAUSED" : nil].compactMap { $0 }
            Output.line("\(channel.name) (\(channel.kind), \(channel.timeZone)\(flags.isEmpty ? "" : ", " + flags.joined(separator: ", ")))")
            for (key, value) in channel.rules.sorted(by: { $0.key < $1.key }) where !["name", "kind", "default", "timezone"].contains(key) {
                Output.line("  \(key) = \(value)")
            }
            Output.line("  today: \(Self.budget(channel.today))   this week: \(Self.budget(channel.week))")
        }
    }

    static func budget(_ budget: BudgetView) -> String {
        guard let limit = budget.limit else { return "\(budget.used) (no limit)" }
        return "\(budget.used) of \(limit), \(max(0, limit - budget.used)) left"
    }
}

/// The week-by-hour picture of planned instants: a row per weekday, a column per hour.
enum Heatmap {
    private static let shades: [Character] = ["░", "▒", "▓", "█"]
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func render(_ instants: [Date], in timeZone: TimeZone) -> String {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
        for instant in instants {
            let (weekday, hour) = LocalTime.weekdayAndHour(instant, in: timeZone)
            counts[weekday][hour] += 1
        }
        let peak = max(1, counts.joined().max() ?? 1)
        var lines = ["     " + (0..<24).map(hourLabel).joined()]
        for (weekday, row) in counts.enumerated() {
            lines.append(weekdays[weekday] + "  " + String(row.map { cell($0, peak: peak) }))
        }
        lines.append("     · none, ░▒▓█ fewer to more (at most \(peak) in one hour)")
        return lines.joined(separator: "\n")
    }

    private static func hourLabel(_ hour: Int) -> String {
        guard hour % 3 == 0 else { return "" }
        let text = String(hour)
        return text + String(repeating: " ", count: 3 - text.count)
    }

    private static func cell(_ count: Int, peak: Int) -> Character {
        guard count > 0 else { return "·" }
        let index = (count - 1) * shades.count / peak
        return shades[min(shades.count - 1, index)]
    }
}
