import Foundation
import PacerChannels
import PacerCore
import TOMLKit

/// Reads and validates `config.toml`. Unknown keys are errors: a misspelt rule must not be
/// silently ignored by a tool that guards someone's public reputation.
public struct ConfigLoader: Sendable {
    /// Files larger than this are refused before parsing.
    public static let maxFileBytes = 1 << 20

    /// The zone of channels when the file names none.
    public var systemTimeZone: TimeZone
    /// Where outbox channels write when they name no `path`.
    public var defaultOutbox: String

    public init(systemTimeZone: TimeZone, defaultOutbox: String) {
        self.systemTimeZone = systemTimeZone
        self.defaultOutbox = defaultOutbox
    }

    /// Reads, parses and validates the file at `path`.
    public func load(path: String) throws(ConfigError) -> DaemonConfig {
        try parse(try Self.read(path), file: path)
    }

    /// Reads, parses and validates the file at `path` as ``load(path:)`` does, and refuses it, too,
    /// when a channel's slots and blackouts leave no instant in the year after `now`
    /// (`pacer config check`; pacerd itself plans such a channel's deliveries with that reason).
    public func check(path: String, now: Date) throws(ConfigError) -> DaemonConfig {
        try check(try Self.read(path), file: path, now: now)
    }

    /// ``check(path:now:)`` on TOML `text` that came from `file`.
    public func check(_ text: String, file: String, now: Date) throws(ConfigError) -> DaemonConfig {
        let config = try parse(text, file: file)
        let map = ConfigSourceMap(text: text)
        for (index, channel) in config.channels.enumerated() {
            guard let closed = channel.rules.closedReason(from: now) else { continue }
            let key = channel.rules.slots.isEmpty ? "blackout" : "slots"
            let fix = switch (channel.rules.slots.isEmpty, channel.rules.blackout.isEmpty) {
            case (false, false): "change slots or blackout so that some slot falls outside every blackout"
            case (false, true): "change slots so that they elapse again"
            case (true, _): "change blackout so that it leaves time free"
            }
            let jitter = channel.rules.jitter != nil && !channel.rules.blackout.isEmpty ? " (or shorten jitter)" : ""
            throw ConfigError(
                file: file, line: map.line(of: key, in: .block("channel", index)) ?? map.line(of: "", in: .block("channel", index)),
                problem: "channel \(channel.name): \(closed.detail); \(fix)\(jitter); pacer calendar EXPRESSION shows when an expression elapses")
        }
        return config
    }

    /// Parses and validates TOML `text` that came from `file`.
    public func parse(_ text: String, file: String) throws(ConfigError) -> DaemonConfig {
        let table: TOMLTable
        switch TOMLGuard.firstProblem(in: text) {
        case let (.malformedHeader, line, column)?:
            throw ConfigError(file: file, line: line, column: column, problem: "expected a table name such as [cadence] or [[channel]]")
        case let (.nulEscape, line, column)?:
            throw ConfigError(file: file, line: line, column: column, problem: "a \\u0000 escape writes a NUL character, which no value can hold; remove it")
        case nil:
            break
        }
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column, problem: error.description)
        } catch {
            throw ConfigError(file: file, problem: "not valid TOML: \(error)")
        }
        var reader = TableReader(table: table, file: file, map: ConfigSourceMap(text: text), section: .top)
        let timeZone = try reader.timeZone("timezone") ?? systemTimeZone
        let cadence = try readCadence(try reader.subtable("cadence"), zone: timeZone)
        let channelTables = try reader.tables("channel")
        try reader.rejectUnknownKeys()

        var channels: [ChannelConfig] = []
        for (index, channelTable) in channelTables.enumerated() {
            var channelReader = TableReader(table: channelTable, file: file, map: reader.map, section: .block("channel", index))
            let channel = try readChannel(&channelReader, zone: timeZone)
            if channels.contains(where: { $0.name == channel.name }) {
                throw channelReader.error("name", "a channel named \"\(channel.name)\" is already defined; channel names must be unique")
            }
            channels.append(channel)
        }
        guard !channels.isEmpty else {
            throw ConfigError(file: file, problem: "no [[channel]] is defined; add one, for example the outbox channel of Config/pacer.toml")
        }
        return DaemonConfig(timeZone: timeZone, cadence: cadence, channels: channels)
    }

    private func readCadence(_ reader: TableReader?, zone: TimeZone) throws(ConfigError) -> CadenceConfig {
        guard var reader else { return CadenceConfig(timeZone: zone) }
        var cadence = CadenceConfig(timeZone: zone)
        cadence.minGap = try reader.timeSpan("min_gap")
        cadence.maxPerDay = try reader.positiveInt("max_per_day")
        cadence.maxPerWeek = try reader.positiveInt("max_per_week")
        cadence.crossPostGap = try reader.timeSpan("cross_post_gap")
        cadence.duplicateWindow = try reader.timeSpan("duplicate_window") ?? cadence.duplicateWindow
        cadence.similarity = try reader.number("similarity", in: 0...1) ?? cadence.similarity
        try reader.rejectUnknownKeys()
        cadence.texts = reader.texts
        return cadence
    }

    private func readChannel(_ reader: inout TableReader, zone: TimeZone) throws(ConfigError) -> ChannelConfig {
        guard let name = try reader.string("name") else { throw reader.error("", "this [[channel]] has no name; add name = \"…\"") }
        guard name.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
            throw reader.error("name", "channel name \"\(name)\" may only contain letters, digits, \"-\" and \"_\" (1 to 64 of them)")
        }
        guard let kindName = try reader.string("kind") else { throw reader.error("name", "channel \(name) has no kind; add kind = \"outbox\"") }
        guard let kind = ChannelKind(rawValue: kindName) else {
            let supported = ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error("kind", "channel \(name): kind \"\(kindName)\" is not one of \(supported)")
        }
        let isDefault = try reader.bool("default") ?? false
        var rules = ChannelRules(
            name: name, timeZone: try reader.timeZone("timezone") ?? zone,
            minGap: try reader.timeSpan("min_gap"), maxPerDay: try reader.positiveInt("max_per_day"))
        rules.maxPerWeek = try reader.positiveInt("max_per_week")
        rules.slots = try reader.calendars("slots") ?? []
        rules.blackout = try reader.calendars("blackout") ?? []
        rules.jitter = try reader.timeSpan("jitter")
        rules.maxLateness = try reader.timeSpan("max_lateness")
        rules.late = try reader.choice("late", LatePolicy.self) ?? .reslot
        let maxLength = try reader.positiveInt("max_length") ?? kind.defaultMaxLength
        let privacy = try reader.choice("privacy", PrivacyMode.self) ?? .hold
        let retry = try readRetry(try reader.subtable("retry"))
        let settings = try ChannelSettingsReader.read(kind, name: name, &reader, defaultOutbox: defaultOutbox)
        try reader.rejectUnknownKeys()
        return ChannelConfig(
            name: name, isDefault: isDefault, rules: rules, settings: settings,
            retry: retry, maxLength: maxLength, privacy: privacy, ruleTexts: reader.texts)
    }

    private func readRetry(_ reader: TableReader?) throws(ConfigError) -> RetryPolicy {
        guard var reader else { return RetryPolicy() }
        var policy = RetryPolicy()
        policy.attempts = try reader.positiveInt("attempts") ?? policy.attempts
        policy.backoff = try reader.timeSpan("backoff") ?? policy.backoff
        policy.maxBackoff = try reader.timeSpan("max_backoff") ?? policy.maxBackoff
        try reader.rejectUnknownKeys()
        return policy
    }

    /// The file's text, or an error saying why it cannot be read.
    static func read(_ path: String) throws(ConfigError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(file: path, problem: "does not exist; pacerd writes the annotated default there on its first start")
        }
        if isDirectory.boolValue { throw ConfigError(file: path, problem: "is a directory, not a file; move it away") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(file: path, problem: "cannot be read (permission denied?); check its owner and mode with ls -l")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw ConfigError(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= maxFileBytes else {
            throw ConfigError(file: path, problem: "is larger than \(maxFileBytes / 1024) KiB; a Pacer configuration is a few lines")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, problem: "is not UTF-8 text")
        }
        return text
    }
}
