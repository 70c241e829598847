import Logging

/// A swift-log handler that writes every entry to journald as a structured entry.
///
/// Each entry carries `MESSAGE`, `PRIORITY` (the syslog priority of the level, see
/// ``syslogPriority(of:)``), `SYSLOG_IDENTIFIER` (``identifier``), `CODE_FILE`, `CODE_LINE`,
/// `CODE_FUNC`, and one field per metadata value:
///
/// - Metadata is merged as swift-log's handlers do (handler metadata, then the metadata provider's,
///   then the call's; an attached error adds `error.message` and `error.type`).
/// - Keys become field names with ``JournalFieldName/sanitize(_:)`` (`post_id` → `POST_ID`, so
///   `journalctl POST_ID=3` finds the entry); keys with no usable name are dropped, and a key that
///   would take one of the six names above gets the prefix `X_` (`message` → `X_MESSAGE`).
/// - A dictionary value gives one field per entry, named `KEY_SUBKEY` (recursively); an array
///   repeats the field once per element (journald keeps every value, and `FIELD=value` matches
///   any); an empty one gives no field.
///
/// If journald refuses an entry (it stopped, say), the handler writes the entry to standard error
/// in ``StderrLogHandler``'s format instead, with a `JOURNAL_ERROR` field saying why, so that it
/// is not lost.
public struct JournalLogHandler: LogHandler {
    /// The `SYSLOG_IDENTIFIER` of every entry, e.g. `pacerd` (`journalctl -t pacerd`).
    public let identifier: String
    /// The least severe level this handler writes; `.info` unless set.
    public var logLevel: Logger.Level = .info
    /// Metadata written with every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Supplies metadata at each log call (e.g. from task-locals).
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler whose entries carry `SYSLOG_IDENTIFIER=identifier`.
    public init(identifier: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.identifier = identifier
        self.metadataProvider = metadataProvider
    }

    /// Reads or writes one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends `event` to journald (or, if journald refuses it, to standard error).
    public func log(event: LogEvent) {
        let fields = LogFields(event: event, handlerMetadata: metadata, provider: metadataProvider)
        var entry = JournalEntry()
        entry.append("MESSAGE", event.message.description)
        entry.append("PRIORITY", String(Self.syslogPriority(of: event.level)))
        entry.append("SYSLOG_IDENTIFIER", identifier)
        entry.append("CODE_FILE", event.file)
        entry.append("CODE_LINE", String(event.line))
        entry.append("CODE_FUNC", event.function)
        for field in fields.metadata {
            entry.append(field.name, field.value)
        }
        do {
            try entry.send()
        } catch {
            let line = StderrLogHandler.line(
                level: event.level, identifier: identifier, message: event.message.description,
                metadata: fields.metadata + [("JOURNAL_ERROR", error.description)]
            )
            StderrLogHandler.writeLine(line, to: StderrLogHandler.standardError)
        }
    }

    /// The syslog priority journald records for a swift-log level: `trace` and `debug` → 7 (debug),
    /// `info` → 6, `notice` → 5, `warning` → 4, `error` → 3 (err), `critical` → 2 (crit).
    public static func syslogPriority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
