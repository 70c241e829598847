import ArgumentParser
import Foundation
import PacerCore

/// `pacer calendar`: what `systemd-analyze calendar` shows, computed by Pacer itself.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Normalise calendar expressions and show when they elapse next.",
        discussion: """
            Calendar expressions are systemd.time(7) calendar events, as in OnCalendar= and
            in Pacer's slots and blackouts:

              Tue..Thu 08:30              Tuesday to Thursday at 08:30
              Mon..Fri 09..16:00/30       weekdays, every 30 minutes from 09:00 to 16:30
              *-*-01 09:00                the first of every month
              *-02~1                      the last day of February
              2026-12-01 09:00 UTC        once, in UTC (any IANA zone name works too)
              daily, weekly, monthly, quarterly, …

            Elapses are computed in --tz (default: the system's zone) unless the expression
            names its own zone, with systemd's daylight-saving behaviour. Works without
            pacerd. Invalid input exits with status 65. See docs/time-syntax.md.
            """)

    @Argument(help: "One or more calendar expressions (quote each one).")
    var expressions: [String]

    @Option(help: "How many elapses to show.")
    var iterations = 1

    @Option(name: .customLong("base-time"), help: "Show elapses after this timestamp instead of now.")
    var baseTime: String?

    @Option(name: .customLong("tz"), help: "The IANA time zone to compute in, e.g. Europe/Berlin.")
    var zone: String?

    @Flag(help: "Print a JSON array of {expression, normalized, next} with UTC instants.")
    var json = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1.") }
    }

    func run() throws {
        let zone = try TimeOutput.zone(named: self.zone)
        let now = Date()
        var base = now
        if let baseTime {
            do {
                base = try Timestamp.parse(baseTime, now: now, timeZone: zone)
            } catch {
                try TimeOutput.fail([error])
            }
        }
        var specs: [(String, CalendarSpec)] = []
        var errors: [TimeSyntaxError] = []
        for expression in expressions {
            do {
                specs.append((expression, try CalendarSpec.parse(expression)))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { try TimeOutput.fail(errors) }
        let results = specs.map { expression, spec in
            CalendarResult(
                expression: expression, normalized: spec.normalized,
                elapses: spec.nextElapses(after: base, count: iterations, in: zone))
        }
        if json {
            try TimeOutput.printJSON(results.map {
                ["expression": .string($0.expression), "normalized": .string($0.normalized),
                 "next": .array($0.elapses.map { .string(TimeOutput.iso($0)) })] as [String: JSONValue]
            })
            return
        }
        print(results.map { $0.human(zone: zone, now: now) }.joined(separator: "\n\n"))
    }
}

/// `pacer timestamp`: what `systemd-analyze timestamp` shows.
struct TimestampCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timestamp",
        abstract: "Parse timestamps as `pacer add --at` reads them and show the instant.",
        discussion: """
            Accepts systemd.time(7) timestamps and ISO 8601: now, today, tomorrow, +2h,
            3h ago, @1767225600, 2026-12-01 09:00, Tue 2026-12-01 09:00:00.5, 09:00,
            2026-12-01 09:00 Europe/Berlin, 2026-12-01T09:00Z, 2026-12-01T09:00+01:00.
            Works without pacerd. Invalid input exits with status 65.
            """)

    @Argument(help: "One or more timestamps (quote each one).")
    var texts: [String]

    @Option(name: .customLong("tz"), help: "The IANA time zone to read and show local times in.")
    var zone: String?

    @Flag(help: "Print a JSON array of {input, instant, unix}.")
    var json = false

    func run() throws {
        let zone = try TimeOutput.zone(named: self.zone)
        let now = Date()
        // Whole microseconds, as systemd keeps them: a `Date`'s binary fraction printed .52 as .519.
        var parsed: [(String, Int64)] = []
        var errors: [TimeSyntaxError] = []
        for text in texts {
            do {
                parsed.append((text, try Timestamp.parseMicroseconds(text, now: Timestamp.microseconds(of: now), timeZone: zone)))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { try TimeOutput.fail(errors) }
        if json {
            try TimeOutput.printJSON(parsed.map { text, micros in
                ["input": .string(text), "instant": .string(TimeOutput.iso(microseconds: micros)),
                 "unix": .number(Double(micros) / 1_000_000)] as [String: JSONValue]
            })
            return
        }
        print(parsed.map { text, micros in
            let date = Timestamp.date(microseconds: micros)
            return """
                  Original form: \(text)
                Normalized form: \(TimeOutput.wall(date, in: zone))
                       (in UTC): \(TimeOutput.wall(date, in: nil))
                   UNIX seconds: @\(TimeOutput.unix(microseconds: micros))
                       From now: \(TimeOutput.relative(date, now: now))
                """
        }.joined(separator: "\n\n"))
    }
}

/// `pacer timespan`: what `systemd-analyze timespan` shows.
struct TimespanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timespan",
        abstract: "Parse time spans as the configuration reads them (min_gap = \"2h\").",
        discussion: """
            Accepts systemd.time(7) time spans: 90s, 1h 30min, 2weeks, 1.5h, 500ms; a bare
            number is seconds. Invalid input exits with status 65.
            """)

    @Argument(help: "One or more time spans (quote each one).")
    var texts: [String]

    @Flag(help: "Print a JSON array of {input, microseconds, normalized}.")
    var json = false

    func run() throws {
        var parsed: [(String, TimeSpan)] = []
        var errors: [TimeSyntaxError] = []
        for text in texts {
            do {
                parsed.append((text, try TimeSpan.parse(text)))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { try TimeOutput.fail(errors) }
        if json {
            try TimeOutput.printJSON(parsed.map { text, span in
                ["input": .string(text), "microseconds": .number(Double(span.microseconds)),
                 "normalized": .string(span.description)] as [String: JSONValue]
            })
            return
        }
        print(parsed.map { text, span in
            """
            Original: \(text)
                  μs: \(span == .infinity ? "infinity" : String(span.microseconds))
               Human: \(span)
            """
        }.joined(separator: "\n\n"))
    }
}

/// One expression's answer, as shown by `pacer calendar`.
private struct CalendarResult {
    let expression: String
    let normalized: String
    let elapses: [Date]

    func human(zone: TimeZone, now: Date) -> String {
        var lines = ["  Original form: \(expression)", "Normalized form: \(normalized)"]
        if elapses.isEmpty { lines.append("    Next elapse: never") }
        for (index, elapse) in elapses.enumerated() {
            let label = index == 0 ? "    Next elapse" : "       Iter. #\(index + 1)"
            lines.append("\(label): \(TimeOutput.wall(elapse, in: zone))")
            lines.append("       (in UTC): \(TimeOutput.wall(elapse, in: nil))")
            lines.append("       From now: \(TimeOutput.relative(elapse, now: now))")
        }
        return lines.joined(separator: "\n")
    }
}

/// A JSON value small enough for these commands' output.
private enum JSONValue: Encodable {
    case string(String)
    case number(Double)
    case array([JSONValue])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .number(let n): try n.rounded() == n && abs(n) < 1e15 ? container.encode(Int64(n)) : container.encode(n)
        case .array(let a): try container.encode(a)
        }
    }
}

/// Formatting shared by the time commands.
private enum TimeOutput {
    static func zone(named name: String?) throws -> TimeZone {
        guard let name else { return .current }
        guard let zone = TimeZone(identifier: name) else {
            Output.error("unknown time zone \"\(name)\": expected an IANA name such as Europe/Berlin or UTC")
            throw ExitCode(CLIExit.invalidInput)
        }
        return zone
    }

    /// Prints each error on stderr and ends with status 65.
    static func fail(_ errors: [TimeSyntaxError]) throws -> Never {
        for error in errors { Output.error(error.description) }
        throw ExitCode(CLIExit.invalidInput)
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// `2026-12-01T08:00:00Z`, with the fraction of a second when there is one (`…:50.52Z`).
    static func iso(_ date: Date) -> String {
        iso(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// `1985-04-12T23:20:50.52Z`: from whole microseconds, the fraction's trailing zeros dropped.
    static func iso(microseconds: Int64) -> String {
        let (seconds, fraction) = split(microseconds)
        let whole = ISOInstant.format(Date(timeIntervalSince1970: Double(seconds)))
        guard fraction != 0 else { return whole }
        var digits = String(format: "%06lld", fraction)
        while digits.hasSuffix("0") { digits.removeLast() }
        return whole.dropLast() + "." + digits + "Z"
    }

    /// Whole seconds (rounded down) and the microseconds after them (0 to 999,999).
    private static func split(_ microseconds: Int64) -> (seconds: Int64, fraction: Int64) {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : -((-microseconds + 999_999) / 1_000_000)
        return (seconds, microseconds - seconds * 1_000_000)
    }

    /// `Tue 2026-12-01 09:00:00 GMT+1` in `zone`, or `… UTC` when `zone` is nil.
    static func wall(_ date: Date, in zone: TimeZone?) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date)
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][(c.weekday ?? 1) - 1]
        let text = weekday + " " + String(format: "%04d-%02d-%02d %02d:%02d:%02d",
            c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        guard let zone else { return text + " UTC" }
        return text + " " + (zone.abbreviation(for: date) ?? zone.identifier)
    }

    /// `482196050.520000`, as `systemd-analyze timestamp` prints UNIX seconds.
    static func unix(microseconds: Int64) -> String {
        let magnitude = microseconds.magnitude
        let sign = microseconds < 0 ? "-" : ""
        let fraction = magnitude % 1_000_000
        return sign + "\(magnitude / 1_000_000)" + (fraction == 0 ? "" : "." + String(format: "%06llu", fraction))
    }

    /// systemd's `format_timestamp_relative()`: `3h 5min left`, `2 days ago`, `now`.
    static func relative(_ date: Date, now: Date) -> String {
        let micros = Int64(((date.timeIntervalSince(now)) * 1_000_000).rounded())
        let suffix = micros < 0 ? "ago" : "left"
        let d = UInt64(abs(micros))
        let s: UInt64 = 1_000_000
        let minute = 60 * s, hour = 60 * minute, day = 24 * hour, week = 7 * day
        let month: UInt64 = 2_629_800 * s, year: UInt64 = 31_557_600 * s
        func plural(_ n: UInt64, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch d {
        case year...: return "\(plural(d / year, "year")) \(plural(d % year / month, "month")) \(suffix)"
        case month...: return "\(plural(d / month, "month")) \(plural(d % month / day, "day")) \(suffix)"
        case week...: return "\(plural(d / week, "week")) \(plural(d % week / day, "day")) \(suffix)"
        case (2 * day)...: return "\(d / day) days \(suffix)"
        case (25 * hour)...: return "1 day \((d - day) / hour)h \(suffix)"
        case (6 * hour)...: return "\(d / hour)h \(suffix)"
        case hour...: return "\(d / hour)h \(d % hour / minute)min \(suffix)"
        case (5 * minute)...: return "\(d / minute)min \(suffix)"
        case minute...: return "\(d / minute)min \(d % minute / s)s \(suffix)"
        case s...: return "\(d / s)s \(suffix)"
        case 1_000...: return "\(d / 1_000)ms \(suffix)"
        case 1...: return "\(d)us \(suffix)"
        default: return "now"
        }
    }
}
