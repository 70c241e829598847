import Logging
import Glibc
import PacerPOSIX

/// A swift-log handler that writes one readable line per entry, for runs without journald:
///
/// ```
/// 2026-12-01T09:00:00.123Z info pacerd: published post 3 [CHANNEL=outbox POST_ID=3]
/// ```
///
/// The line is the UTC time with milliseconds, the level, the identifier, the message and, in
/// brackets, the metadata as `NAME=value` with the same names and flattening as
/// ``JournalLogHandler``'s fields, in key order. Newlines, tabs and other control characters in the message and
/// values are written as escapes (`\n`, `\t`, `\u{1B}`), so an entry is always one line; a value
/// that is empty or contains a space, `"`, `=`, `[` or `]` is quoted.
///
/// Each line is written with a single `write(2)` (continued only if the kernel takes part of it),
/// so lines written from different threads do not interleave.
public struct StderrLogHandler: LogHandler {
    /// The file descriptor of standard error.
    public static let standardError: Int32 = STDERR_FILENO

    /// The name written after the level, e.g. `pacerd`.
    public let identifier: String
    /// Where lines are written; standard error unless given.
    public let fileDescriptor: Int32
    /// The least severe level this handler writes; `.info` unless set.
    public var logLevel: Logger.Level = .info
    /// Metadata written with every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Supplies metadata at each log call (e.g. from task-locals).
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler writing lines for `identifier` to `fileDescriptor`. The handler does not
    /// own the descriptor and never closes it.
    public init(
        identifier: String,
        fileDescriptor: Int32 = StderrLogHandler.standardError,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.identifier = identifier
        self.fileDescriptor = fileDescriptor
        self.metadataProvider = metadataProvider
    }

    /// Reads or writes one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `event` as one line. A failed write is ignored: there is nowhere left to report it.
    public func log(event: LogEvent) {
        let fields = LogFields(event: event, handlerMetadata: metadata, provider: metadataProvider)
        let line = Self.line(
            level: event.level, identifier: identifier, message: event.message.description,
            metadata: fields.metadata
        )
        Self.writeLine(line, to: fileDescriptor)
    }

    /// The line for one entry, stamped with the current time, ending in a newline.
    static func line(
        level: Logger.Level, identifier: String, message: String, metadata: [(name: String, value: String)]
    ) -> String {
        var line = timestamp() + " " + level.rawValue + " " + identifier + ": " + escaped(message)
        if !metadata.isEmpty {
            line += " [" + metadata.map { $0.name + "=" + quoted($0.value) }.joined(separator: " ") + "]"
        }
        return line + "\n"
    }

    /// Writes `line` with as few `write(2)` calls as the kernel allows: one, unless it takes part.
    static func writeLine(_ line: String, to fileDescriptor: Int32) {
        var line = line
        line.withUTF8 { bytes in
            var written = 0
            while written < bytes.count {
                guard let count = try? systemCall("write", failure: .errnoVariable, {
                    write(fileDescriptor, bytes.baseAddress! + written, bytes.count - written)
                }), count > 0 else { return }
                written += count
            }
        }
    }

    /// The current UTC time as `2026-12-01T09:00:00.123Z`.
    private static func timestamp() -> String {
        let now = ClockReading.now(CLOCK_REALTIME)
        var seconds = now.tv_sec
        var parts = tm()
        do {
            try systemCall("gmtime_r") { gmtime_r(&seconds, &parts) == nil ? -1 : 0 }
        } catch {
            return "@\(now.tv_sec)"
        }
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-"
            + padded(Int(parts.tm_mday), 2) + "T" + padded(Int(parts.tm_hour), 2) + ":"
            + padded(Int(parts.tm_min), 2) + ":" + padded(Int(parts.tm_sec), 2) + "."
            + padded(now.tv_nsec / 1_000_000, 3) + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `text` with backslash escapes for control characters, and also for `\` and `"` when
    /// `quoting`.
    private static func escaped(_ text: String, quoting: Bool = false) -> String {
        // Every scalar this escapes is one byte below 0x80 in UTF-8: a text without one is its own form.
        let needsEscape = text.utf8.contains { $0 < 0x20 || $0 == 0x7F || (quoting && ($0 == 0x5C || $0 == 0x22)) }
        guard needsEscape else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\" where quoting: result += "\\\\"
            case "\"" where quoting: result += "\\\""
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `value` escaped, and in double quotes when it is empty or would be ambiguous unquoted.
    private static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { " \"=[]".unicodeScalars.contains($0) }
        return needsQuotes ? "\"" + escaped(value, quoting: true) + "\"" : escaped(value)
    }
}
