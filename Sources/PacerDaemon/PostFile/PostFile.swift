import Foundation
import PacerCore
import TOMLKit

/// A post written in a file: Markdown, with an optional TOML front matter between two `+++` lines
/// (`docs/post-files.md`).
///
/// ```
/// +++
/// channels = ["mastodon", "x"]
/// at = "Tue 08:30"
/// tags = ["swift"]
/// [text]
/// x = "The shorter version for X"
/// +++
/// The post's text, as Markdown.
/// ```
public struct PostFile: Sendable, Equatable {
    /// The body after the front matter, without its trailing newline.
    public var text: String
    public var channels: [String]?
    /// "Not before", in any syntax `When.resolve` accepts.
    public var at: String?
    public var title: String?
    public var tags: [String]?
    /// `true`: stored as a draft, not planned.
    public var draft: Bool?
    /// Per-channel texts (`[text]` table), by channel name.
    public var overrides: [String: String]

    public init(
        text: String, channels: [String]? = nil, at: String? = nil, title: String? = nil, tags: [String]? = nil,
        draft: Bool? = nil, overrides: [String: String] = [:]
    ) {
        self.text = text
        self.channels = channels
        self.at = at
        self.title = title
        self.tags = tags
        self.draft = draft
        self.overrides = overrides
    }

    /// The line that opens and closes the front matter.
    static let fence = "+++"

    /// Parses a post file. A file that does not begin with `+++` is all text.
    /// Errors name the line (counted in the whole file) and the fix.
    public static func parse(_ source: String) throws(PostFileError) -> PostFile {
        // Before TOML sees it: its C++ parser would stop at a NUL and read the rest as missing.
        if let finding = ControlCharacters.firstForbidden(in: source, lineBreaks: true) {
            throw PostFileError(
                line: finding.line,
                problem: "column \(finding.column) holds the control character \(finding.character); remove it: a post file may hold tabs and line breaks but no other control characters")
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == fence else {
            return PostFile(text: trimmedBody(source))
        }
        guard let closing = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == fence }) else {
            throw PostFileError(line: 1, problem: "the front matter opened with +++ on line 1 is never closed; end it with a line holding only +++")
        }
        let frontMatter = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        var file = try readFrontMatter(frontMatter)
        file.text = trimmedBody(body)
        return file
    }

    /// The body without the blank lines that surround it (an editor's trailing newline is not part of a post).
    private static func trimmedBody(_ body: String) -> String {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func readFrontMatter(_ text: String) throws(PostFileError) -> PostFile {
        // Front matter starts on the file's second line.
        func located(_ error: ConfigError) -> PostFileError {
            PostFileError(line: error.line.map { $0 + 1 }, problem: error.problem)
        }
        let table: TOMLTable
        // What toml++ aborts on, or TOMLKit would cut short (see TOMLGuard): refused before they see the text.
        switch TOMLGuard.firstProblem(in: text) {
        case let (.malformedHeader, line, _)?:
            throw PostFileError(line: line + 1, problem: "expected a table name such as [text]")
        case let (.nulEscape, line, column)?:
            throw PostFileError(line: line + 1, problem: "column \(column) holds a \\u0000 escape, a NUL character, which no field can hold; remove it")
        case nil:
            break
        }
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PostFileError(line: error.source.begin.line + 1, problem: "front matter is not valid TOML: \(error.description)")
        } catch {
            throw PostFileError(line: nil, problem: "front matter is not valid TOML: \(error)")
        }
        var reader = TableReader(table: table, file: "post file", map: ConfigSourceMap(text: text), section: .top)
        do {
            var file = PostFile(
                text: "", channels: try reader.strings("channels"), at: try reader.string("at"), title: try reader.string("title"),
                tags: try reader.strings("tags"), draft: try reader.bool("draft"))
            if var texts = try reader.subtable("text") {
                for channel in texts.table.keys.sorted() {
                    file.overrides[channel] = try texts.string(channel)
                }
            }
            try reader.rejectUnknownKeys()
            return file
        } catch {
            throw located(error)
        }
    }
}

/// Why a post file was refused: the line (in the whole file) and what to change.
public struct PostFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based, counted in the whole file; `nil` when the problem is the file as a whole.
    public let line: Int?
    public let problem: String

    public var description: String {
        line.map { "line \($0): \(problem)" } ?? problem
    }
}
