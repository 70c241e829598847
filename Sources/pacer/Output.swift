import Foundation
import PacerCore
import PacerProtocol

/// Writing to the terminal: JSON for scripts, short lines and tables for people.
enum Output {
    static func line(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("\(Style.errorPrefix) \(text)\n".utf8))
    }

    /// What `add`, `edit` and `move` print: each delivery's plan, and why it is later than asked.
    /// A dry run's post (id 0, nothing stored) says what would happen.
    static func queued(_ post: PostView) {
        let dryRun = post.id == 0
        for note in post.notes { line("note: \(note)") }
        for delivery in post.deliveries where delivery.state != .cancelled {
            switch (delivery.state, dryRun) {
            case (.draft, false): line("Kept post \(post.id) as a draft for \(delivery.channel); queue it with: pacer edit \(post.id) (draft = false)")
            case (.draft, true): line("Would keep it as a draft for \(delivery.channel)")
            case (.held, false): line("Holding post \(post.id) on \(delivery.channel): \(delivery.heldReason ?? "held")")
            case (.held, true): line("Would hold it on \(delivery.channel): \(delivery.heldReason ?? "held")")
            case (_, false): line("Queued post \(post.id) on \(delivery.channel) for \(when(delivery.plannedAt)) (delivery \(delivery.id))")
            case (_, true): line("Would queue it on \(delivery.channel) for \(when(delivery.plannedAt))")
            }
            for reason in delivery.reasons where reason.rule != "at" {
                line("  later than asked: \(Output.reason(reason))")
            }
        }
        if dryRun { line("Dry run: nothing was stored.") }
    }

    /// A reason in words for a person: the `at` reason's instant ("not before 2026-12-07T15:57:31Z",
    /// UTC as the planner words it for every reader) in local time, as every other instant `pacer`
    /// shows to people.
    static func reason(_ deferral: Deferral, now: Date = Date()) -> String {
        let prefix = "not before "
        guard deferral.rule == "at", deferral.detail.hasPrefix(prefix),
              let instant = ISOInstant.parse(String(deferral.detail.dropFirst(prefix.count))) else { return deferral.detail }
        return prefix + when(instant, now: now)
    }

    /// `[image 1: PNG 1200×800, 245 KB, sha256 3f2a9c…; alt: A bar chart …]`.
    static func image(_ image: ImageView, number: Int) -> String {
        let kind = image.type.hasPrefix("image/") ? String(image.type.dropFirst(6)).uppercased() : image.type
        let size = ByteSize.words(image.bytes)
        let alt = image.alt.map { "alt: " + $0.split(whereSeparator: \.isNewline).joined(separator: " ") } ?? "no alt text"
        return "[image \(number): \(kind) \(image.width)×\(image.height), \(size), sha256 \(image.sha256.prefix(12))…; \(alt)]"
    }

    /// One line about a queued post: `post 12 on x Tue 09:00 (in 3 h), mastodon …`.
    static func summary(of post: PostView) -> String {
        let channels = post.deliveries.map { delivery in
            delivery.state == .queued ? "\(delivery.channel) \(when(delivery.plannedAt))" : "\(delivery.channel) (\(delivery.state.rawValue))"
        }
        return "\(post.id == 0 ? "post" : "post \(post.id)") on \(channels.joined(separator: ", "))"
    }

    /// Pretty, key-sorted JSON with ISO 8601 UTC instants.
    static func json(_ value: some Encodable) throws {
        let data = try ControlCoding.makeEncoder(pretty: true).encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// `Tue 2026-12-01 09:00 (in 3 h)` in `zone`, the local zone unless a test gives another.
    static func when(_ instant: Date?, now: Date = Date(), in zone: TimeZone = .current) -> String {
        guard let instant else { return "-" }
        let local = LocalTime.full(instant, utcOffset: zone.secondsFromGMT(for: instant))
        return "\(local) (\(LocalTime.relative(instant, to: now)))"
    }

    /// Left-aligned columns separated by two spaces, the header in bold on a terminal; the last
    /// column is cut to fit `width` (down to four characters; below that the lines wrap). Colour
    /// codes in cells do not count towards widths.
    static func table(_ header: [String], _ rows: [[String]], width: Int = terminalWidth) -> String {
        let all = [header.map(Style.heading)] + rows
        var widths = header.indices.map { column in all.map { visibleWidth($0[column]) }.max() ?? 0 }
        let fixed = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let room = width - fixed
        if room >= 4 { widths[widths.count - 1] = min(widths[widths.count - 1], room) }
        return all.map { row in
            row.enumerated().map { column, cell in
                let limit = widths[column]
                let visible = visibleWidth(cell)
                let text = visible > limit ? String(cell.prefix(limit - 1)) + "…" : cell
                let padding = column == row.count - 1 ? 0 : max(0, limit - min(visible, limit))
                return text + String(repeating: " ", count: padding)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The characters a cell takes on screen: its length without colour escape sequences.
    static func visibleWidth(_ cell: String) -> Int {
        var count = 0
        var inEscape = false
        for character in cell {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    /// The terminal's width; when output goes elsewhere (a pipe, a pager), `$COLUMNS` if set, else 100.
    static var terminalWidth: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 100
    }

    /// One line of a post's text, for tables.
    static func excerpt(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}
