import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol

/// `pacer add`: queue a post.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue a post.",
        discussion: """
            The text comes from the argument, from standard input (`-`), or from a file (--file).
            pacerd plans it under each channel's cadence and prints when it will go out.

            --at sets "not before", in systemd time syntax or ISO 8601:
              +30s  +10min  +2h  +1d  tomorrow 09:00  2026-12-01 09:00  2026-12-01T09:00Z
            or a calendar expression meaning its next elapse: "Tue 08:30".
            An instant in the past is planned for the first instant the rules allow.

            Examples:
              pacer add "Shipped the new release notes today" --at +2min
              pacer add - --channel outbox < post.txt
            """)

    @Argument(help: ArgumentHelp("The post's text, or - to read it from standard input.", valueName: "text"))
    var text: String?

    @Option(name: .long, help: ArgumentHelp("Read the post's text from a file.", valueName: "path"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("A channel to publish on (repeatable). Default: the channels marked default = true.", valueName: "name"))
    var channel: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Not before this instant.", valueName: "when"))
    var at: String?

    @Option(name: .long, help: "A title, for channels that show one.")
    var title: String?

    @Option(name: .long, help: ArgumentHelp("A tag (repeatable).", valueName: "tag"))
    var tag: [String] = []

    @Flag(name: .long, help: "Refuse (exit 67) instead of planning later when --at (or now) cannot be honoured exactly.")
    var strict = false

    @Flag(name: .long, help: "Queue it even when it is a near-duplicate of a recent post.")
    var allowDuplicate = false

    @Flag(name: .long, help: "Print the queued post as JSON.")
    var json = false

    func validate() throws {
        switch (text, file) {
        case (nil, nil): throw ValidationError("Give the post's text, - for standard input, or --file PATH.")
        case (.some, .some): throw ValidationError("Give the text or --file, not both.")
        default: break
        }
    }

    func run() throws {
        let body = try readText()
        let parameters = AddParameters(
            text: body, channels: channel.isEmpty ? nil : channel, at: at, title: title, tags: tag.isEmpty ? nil : tag,
            strict: strict ? true : nil, allowDuplicate: allowDuplicate ? true : nil)
        let post = try DaemonClient.send(.add(parameters), expecting: PostView.self)
        if json {
            try Output.json(post)
            return
        }
        for note in post.notes { Output.line("note: \(note)") }
        for delivery in post.deliveries {
            Output.line("Queued post \(post.id) on \(delivery.channel) for \(Output.when(delivery.plannedAt)) (delivery \(delivery.id))")
            for reason in delivery.reasons where reason.rule != "at" {
                Output.line("  later than asked: \(reason.detail)")
            }
        }
    }

    private func readText() throws -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                Output.error("cannot read \(file); check that it exists and is readable")
                throw ExitCode(CLIExit.invalidInput)
            }
            return try decode(data, source: file)
        }
        if text == "-" {
            return try decode(FileHandle.standardInput.readDataToEndOfFile(), source: "standard input")
        }
        return text ?? ""
    }

    private func decode(_ data: Data, source: String) throws -> String {
        guard let string = String(data: data, encoding: .utf8) else {
            Output.error("\(source) is not UTF-8 text")
            throw ExitCode(CLIExit.invalidInput)
        }
        // A trailing newline from a file or a pipe is not part of the post.
        return string.hasSuffix("\n") ? String(string.dropLast()) : string
    }
}
