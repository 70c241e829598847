import ArgumentParser
import Foundation
import PacerCore
import PacerProtocol

/// `pacer edit ID`: change a post in your editor.
struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a post in $VISUAL or $EDITOR.",
        discussion: """
            Opens the post as a post file (front matter and text; each channel's length
            limit is shown as a comment). Save and quit to apply; quit without saving to
            change nothing. When pacerd refuses the result, the editor opens again with the
            error on top; save it unchanged to give up. Setting draft = false queues a
            draft; draft = true takes a queued post back to the drafts. A post with a
            delivery published, in flight or unknown cannot be edited (exit 67).
            """)

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Flag(name: .long, help: "Keep it even when it is a near-duplicate of a recent post.")
    var allowDuplicate = false

    @Flag(name: .long, help: "Print the edited post as JSON.")
    var json = false

    func run() throws {
        let file = try DaemonClient.send(.postFile(id), expecting: PostFileView.self, forPeople: false)
        let session = EditorSession(initial: file.source, nothingDone: "post \(id) was left as it was")
        let edited = try session.run { source in
            try DaemonClient.reply(.edit(EditParameters(
                id: id, source: source, allowDuplicate: allowDuplicate ? true : nil, baseDirectory: FileManager.default.currentDirectoryPath)), expecting: PostView.self, forPeople: !json).get()
        }
        guard let edited else {
            Output.line("The post file was not changed; post \(id) was left as it was.")
            return
        }
        if json { return try Output.json(edited) }
        Output.line("Edited post \(edited.id).")
        Output.queued(edited)
    }
}

/// `pacer import DIR`: queue every post file of a folder.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Queue every post file (*.md, *.txt) in a folder, in name order.",
        discussion: """
            Each file is checked and queued on its own; one refused file does not stop the
            others. Each file gets a line: queued (with its post id and plan) or refused
            (with the reason). --dry-run checks every file against every rule and shows the
            plan, storing nothing. Exit status: 0 when every file was queued (or would be),
            else the status of the first refusal.
            """)

    @Argument(help: ArgumentHelp("The folder of post files.", valueName: "dir"), completion: .directory)
    var directory: String

    @Flag(name: .long, help: "Check and plan every file, but queue nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Allow near-duplicates of recent posts.")
    var allowDuplicate = false

    @Flag(name: .long, help: "Print one JSON object per file: {file, post} or {file, error}.")
    var json = false

    func run() throws {
        let files = try postFiles()
        guard !files.isEmpty else {
            Output.error("\(directory) holds no post file (*.md or *.txt)")
            throw ExitCode(CLIExit.invalidInput)
        }
        var results: [ImportResult] = []
        var firstFailure: Int32?
        for name in files {
            let path = (directory as NSString).appendingPathComponent(name)
            let parameters = AddParameters(
                source: try Input.read(path), allowDuplicate: allowDuplicate ? true : nil, dryRun: dryRun ? true : nil,
                baseDirectory: Input.absolute(directory, in: FileManager.default.currentDirectoryPath))
            let reply = try DaemonClient.reply(.add(parameters), expecting: PostView.self, forPeople: !json)
            do {
                let post = try reply.get()
                results.append(ImportResult(file: name, post: post, error: nil))
                if !json { Output.line("\(name): \(dryRun ? "would queue" : "queued") \(Output.summary(of: post))") }
            } catch {
                results.append(ImportResult(file: name, post: nil, error: error))
                firstFailure = firstFailure ?? CLIExit.code(for: error.code)
                if !json { Output.line("\(name): \(Style.failure("refused")): \(error.message)") }
            }
        }
        if json {
            try Output.json(results)
        } else {
            let refused = results.filter { $0.error != nil }.count
            Output.line("\(results.count - refused) \(dryRun ? "would be queued" : "queued"), \(refused) refused\(dryRun ? " (dry run: nothing was stored)" : "").")
        }
        if let firstFailure { throw ExitCode(firstFailure) }
    }

    private func postFiles() throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else {
            Output.error("\(directory) is not a readable folder; give the folder that holds the post files")
            throw ExitCode(CLIExit.invalidInput)
        }
        return names.filter { ($0.hasSuffix(".md") || $0.hasSuffix(".txt")) && !$0.hasPrefix(".") }.sorted()
    }
}

/// One file of `pacer import --json`.
struct ImportResult: Encodable {
    var file: String
    var post: PostView?
    var error: ErrorReply?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(post, forKey: .post)
        try container.encode(error, forKey: .error)
    }

    private enum CodingKeys: String, CodingKey { case file, post, error }
}

/// `pacer move ID`: put a post first, last, or at another instant.
struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a post in the queue: first (share next), last, or to another instant.",
        discussion: """
            --first puts it ahead of every post waiting now, --last behind them; both clear
            its "not before". --at gives it a new "not before" (same syntax as pacer add
            --at). The cadence rules still apply: first means the next instant the rules
            allow.
            """)

    @Argument(help: "The post's id.", completion: Completions.postIDs)
    var id: PostID

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Not before this instant.", valueName: "when"))
    var at: String?

    @Flag(name: .long, help: "Ahead of every waiting post.")
    var first = false

    @Flag(name: .long, help: "Behind every waiting post.")
    var last = false

    @Flag(name: .long, help: "Print the moved post as JSON.")
    var json = false

    func validate() throws {
        if [at != nil, first, last].filter({ $0 }).count != 1 {
            throw ValidationError("Give exactly one of --at WHEN, --first, --last.")
        }
    }

    func run() throws {
        let position: MoveParameters.Position? = first ? .first : last ? .last : nil
        let post = try DaemonClient.send(.move(MoveParameters(id: id, at: at, position: position)), expecting: PostView.self, forPeople: !json)
        if json { return try Output.json(post) }
        Output.line("Moved post \(post.id).")
        Output.queued(post)
    }
}

/// `pacer drafts`: the posts kept as drafts.
struct Drafts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drafts",
        abstract: "Show the posts kept as drafts.",
        discussion: "A draft is stored but never planned. Queue it with `pacer edit ID` (draft = false).")

    @Flag(name: .long, help: "Print the drafts as a JSON array.")
    var json = false

    func run() throws {
        let posts = try DaemonClient.send(.drafts, expecting: [PostView].self, forPeople: !json)
        if json { return try Output.json(posts) }
        guard !posts.isEmpty else {
            Output.line("No drafts. Keep one with: pacer add --draft \"…\"")
            return
        }
        let rows = posts.map { post in
            [String(post.id), post.deliveries.filter { $0.state == .draft }.map(\.channel).joined(separator: ","),
             Output.when(post.createdAt), Output.excerpt(post.text)]
        }
        Output.line(Output.table(["POST", "CHANNELS", "WRITTEN", "TEXT"], rows))
    }
}
