import Foundation
import PacerCore

/// Writes a post as a post file for an editor: the front matter with every field (empty ones as
/// commented examples), each channel's length limit as a comment, then the text.
public enum PostFileRenderer {
    /// One channel's limit as the comment shows it ("x: 280 weighted characters").
    public struct ChannelLimit: Sendable, Equatable {
        public var channel: String
        public var description: String

        public init(channel: String, description: String) {
            self.channel = channel
            self.description = description
        }
    }

    /// The post file of `file`, with the length limit of each configured channel as a comment.
    public static func render(_ file: PostFile, limits: [ChannelLimit]) -> String {
        var lines = [PostFile.fence]
        lines.append("# Lines starting with # are comments. Save and quit to apply; quit without saving to change nothing.")
        for limit in limits {
            lines.append("# \(limit.channel): \(limit.description)")
        }
        lines.append("channels = \(array(file.channels ?? []))")
        lines.append(file.at.map { "at = \(quoted($0))" } ?? "# at = \"tomorrow 09:00\"")
        lines.append(file.title.map { "title = \(quoted($0))" } ?? "# title = \"…\"")
        lines.append("tags = \(array(file.tags ?? []))")
        lines.append("draft = \(file.draft == true)")
        if file.noAltText == true { lines.append("no_alt_text = true") }
        lines.append("[text]")
        lines.append("# Say it differently on one channel, for example:  x = \"a shorter version\"")
        for channel in file.overrides.keys.sorted() {
            lines.append("\(key(channel)) = \(quoted(file.overrides[channel] ?? ""))")
        }
        for channel in file.partOverrides.keys.sorted() {
            lines.append("\(key(channel)) = \(array(file.partOverrides[channel] ?? []))")
        }
        lines.append("# Images, up to 4, each with its description for people who cannot see it:")
        lines.append("#   [[image]]")
        lines.append("#   path = \"chart.png\"")
        lines.append("#   alt = \"Line chart: build times fell from 9 to 4 minutes in March\"")
        lines.append("# A thread: separate its parts below with lines holding only \(PostFile.partMarker);")
        lines.append("# part = 2 puts an image on the second part; x = [\"…\", \"…\"] in [text] gives x a text per part.")
        for image in file.images {
            lines.append("[[image]]")
            lines.append("path = \(quoted(image.path))")
            if let alt = image.alt { lines.append("alt = \(quoted(alt))") }
            if image.part != 1 { lines.append("part = \(image.part)") }
        }
        lines.append(PostFile.fence)
        lines.append(file.parts.joined(separator: "\n\n\(PostFile.partMarker)\n\n"))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func array(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ", ") + "]"
    }

    /// A TOML basic string (multi-line strings as escaped `\n`).
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A bare key when the name allows it, else a quoted one.
    private static func key(_ name: String) -> String {
        let bare = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" || $0 == "-" || ("0"..."9").contains($0) }
        return bare ? name : quoted(name)
    }
}
