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
///
/// A thread's parts follow one another in the body, separated by lines holding only
/// `+++ part +++` (``partMarker``).
public struct PostFile: Sendable, Equatable {
    /// The body after the front matter, without its trailing newline; a thread's first part.
    public var text: String
    /// A thread's parts after the first, in order; empty for a post that is not a thread.
    public var laterParts: [String] = []
    /// Per-channel texts for each part of a thread (`x = ["…", "…"]` in `[text]`), by channel name.
    public var partOverrides: [String: [String]] = [:]
    public var channels: [String]?
    /// "Not before", in any syntax `When.resolve` accepts.
    public var at: String?
    public var title: String?
    public var tags: [String]?
    /// `true`: stored as a draft, not planned.
    public var draft: Bool?
    /// Per-channel texts (`[text]` table), by channel name.
    public var overrides: [String: String]
    /// The images (`[[image]]` tables), in order; paths as written.
    public var images: [Image]
    /// `true`: images without `alt` are published without alt text (the choice stated).
    public var noAltText: Bool?

    /// An `[[image]]` table: the file, and its description for people who cannot see it.
    public struct Image: Sendable, Equatable {
        /// As written: relative to the post file's directory unless absolute.
        public var path: String
        public var alt: String?
        /// The thread part it belongs to, from 1.
        public var part: Int

        public init(path: String, alt: String?, part: Int = 1) {
            self.path = path
            self.alt = alt
            self.part = part
        }
    }

    /// Every part's text, in order: one for a post that is not a thread.
    public var parts: [String] { [text] + laterParts }

    public init(
        text: String, channels: [String]? = nil, at: String? = nil, title: String? = nil, tags: [String]? = nil,
        draft: Bool? = nil, overrides: [String: String] = [:], images: [Image] = [], noAltText: Bool? = nil
    ) {
        self.images = images
        self.noAltText = noAltText
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

    /// The line between two parts of a thread. Markdown gives `+++` no meaning, so no text holds
    /// this line by accident; every line that holds only it separates parts.
    public static let partMarker = "+++ part +++"

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
            var file = PostFile(text: "")
            try file.setParts(of: lines[...], firstLine: 1)
            return file
        }
        guard let closing = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == fence }) else {
            throw PostFileError(line: 1, problem: "the front matter opened with +++ on line 1 is never closed; end it with a line holding only +++")
        }
        let frontMatter = lines[1..<closing].joined(separator: "\n")
        var file = try readFrontMatter(frontMatter)
        try file.setParts(of: lines[(closing + 1)...], firstLine: closing + 2)
        return file
    }

    /// Splits the body at its part markers and checks that every part has text and that every
    /// image and per-part text names a part there is.
    private mutating func setParts(of body: ArraySlice<Substring>, firstLine: Int) throws(PostFileError) {
        var parts: [[Substring]] = [[]]
        var markerLines: [Int] = []
        for (offset, line) in body.enumerated() {
            if line.trimmingCharacters(in: .whitespaces) == Self.partMarker {
                parts.append([])
                markerLines.append(firstLine + offset)
            } else {
                parts[parts.count - 1].append(line)
            }
        }
        let texts = parts.map { Self.trimmedBody($0.joined(separator: "\n")) }
        if texts.count > 1, let empty = texts.firstIndex(where: { $0.allSatisfy(\.isWhitespace) }) {
            let line = empty == 0 ? markerLines[0] : markerLines[empty - 1]
            throw PostFileError(line: line, problem: "part \(empty + 1) of the thread is empty; write its text, or remove the \(Self.partMarker) line")
        }
        text = texts[0]
        laterParts = Array(texts.dropFirst())
        if let image = images.first(where: { $0.part > texts.count }) {
            throw PostFileError(line: nil, problem: "image \(image.path) is for part \(image.part), and the post has \(texts.count) part(s); fix its part = …, or add the part")
        }
        for (channel, overrides) in partOverrides.sorted(by: { $0.key < $1.key }) where overrides.count != texts.count {
            throw PostFileError(line: nil, problem: "text.\(channel) gives \(overrides.count) part(s) and the thread has \(texts.count); give one text per part, or a single string for one post on \(channel) instead of the thread")
        }
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
        do throws(ConfigError) {
            var file = PostFile(
                text: "", channels: try reader.strings("channels"), at: try reader.string("at"), title: try reader.string("title"),
                tags: try reader.strings("tags"), draft: try reader.bool("draft"))
            if var texts = try reader.subtable("text") {
                for channel in texts.table.keys.sorted() {
                    if texts.table[channel]?.array != nil {
                        file.partOverrides[channel] = try texts.strings(channel)
                    } else {
                        file.overrides[channel] = try texts.string(channel)
                    }
                }
            }
            file.noAltText = try reader.bool("no_alt_text")
            for (index, table) in try reader.tables("image").enumerated() {
                var image = TableReader(table: table, file: "post file", map: reader.map, section: .block("image", index))
                guard let path = try image.string("path"), !path.isEmpty else {
                    throw image.error("path", "every [[image]] needs path = \"…\", the image file (relative to the post file)")
                }
                file.images.append(Image(path: path, alt: try image.string("alt"), part: try image.positiveInt("part") ?? 1))
                try image.rejectUnknownKeys()
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
