import Foundation
import PacerCore
import PacerProtocol

/// Writing to the terminal: JSON for scripts, short lines and tables for people.
enum Output {
    static func line(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("pacer: \(text)\n".utf8))
    }

    /// Pretty, key-sorted JSON with ISO 8601 UTC instants.
    static func json(_ value: some Encodable) throws {
        let data = try ControlCoding.makeEncoder(pretty: true).encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// `Tue 2026-12-01 09:00 (in 3 h)` in the local zone.
    static func when(_ instant: Date?, now: Date = Date()) -> String {
        guard let instant else { return "-" }
        return "\(LocalTime.full(instant, in: .current)) (\(LocalTime.relative(instant, to: now)))"
    }

    /// Left-aligned columns separated by two spaces; the last column is cut to fit `width`.
    static func table(_ header: [String], _ rows: [[String]], width: Int = terminalWidth) -> String {
        let all = [header] + rows
        var widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let fixed = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        widths[widths.count - 1] = max(10, min(widths[widths.count - 1], width - fixed))
        return all.map { row in
            row.enumerated().map { column, cell in
                let limit = widths[column]
                let text = cell.count > limit ? String(cell.prefix(limit - 1)) + "…" : cell
                return column == row.count - 1 ? text : text.padding(toLength: limit, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The terminal's width, or 100 when not a terminal.
    static var terminalWidth: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }

    /// One line of a post's text, for tables.
    static func excerpt(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}
