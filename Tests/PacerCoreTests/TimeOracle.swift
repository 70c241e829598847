import Foundation

/// `systemd-analyze`, run as the oracle for the time syntax: batches of inputs per call, in a
/// given `TZ`, with the output read back per input.
enum TimeOracle {
    static let path = "/usr/bin/systemd-analyze"

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "\(TimeOracle.path) is missing: install systemd (apt-get install systemd) to run the differential time-syntax suite"
        }
    }

    /// What systemd-analyze said about one calendar expression.
    enum CalendarAnswer: Equatable {
        case elapses(normalized: String, utcSeconds: [Int64])
        case rejected
        /// "Infinite loop in calendar calculation": systemd 252 has no answer.
        case stuck
    }

    /// What systemd-analyze said about one timestamp or time span.
    enum ValueAnswer: Equatable {
        case value(Int64, text: String)
        case rejected
    }

    static func run(_ arguments: [String], zone: String?) throws -> (stdout: String, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = zone
        environment["SYSTEMD_COLORS"] = "0"
        environment["SYSTEMD_PAGER"] = "cat"
        environment["LC_ALL"] = "C.UTF-8"
        process.environment = environment
        // stderr goes to a file so that neither pipe can fill up while the other is read.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-oracle-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errURL.path, contents: nil),
            let errHandle = try? FileHandle(forWritingTo: errURL)
        else { throw Unreadable(text: errURL.path) }
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `systemd-analyze calendar --base-time=@base --iterations=n` for every expression.
    static func calendar(_ expressions: [String], zone: String, base: Int64, iterations: Int) throws -> [String: CalendarAnswer] {
        let (stdout, stderr) = try run(
            ["calendar", "--base-time=@\(base)", "--iterations=\(iterations)", "--"] + expressions, zone: zone)
        var answers: [String: CalendarAnswer] = [:]
        var current: String?
        var original: String?  // printed only when it differs from the normalised form
        var normalized = ""
        var elapses: [Int64] = []
        var localElapses: [Int64] = []  // with TZ=UTC there are no "(in UTC)" lines
        func flush() {
            if let current {
                answers[current] = .elapses(normalized: normalized, utcSeconds: elapses.isEmpty ? localElapses : elapses)
            }
            current = nil
            elapses = []
            localElapses = []
        }
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if let value = field(line, "Original form") {
                flush()
                original = value
            } else if let value = field(line, "Normalized form") {
                if original == nil { flush() }
                current = original ?? value
                original = nil
                normalized = value
            } else if let value = field(line, "(in UTC)") {
                elapses.append(try utcSeconds(value))
            } else if let value = field(line, "Next elapse") ?? iteration(line), value.hasSuffix(" UTC") {
                localElapses.append(try utcSeconds(value))
            }
        }
        flush()
        for line in stderr.split(separator: "\n") {
            if let expression = quoted(line, after: "Failed to parse calendar specification '") {
                answers[expression] = .rejected
            } else if let expression = quoted(line, after: "Failed to determine next elapse for '") {
                answers[expression] = .stuck
            }
        }
        return answers
    }

    /// `systemd-analyze timestamp` for every text: microseconds since the epoch.
    static func timestamps(_ texts: [String], zone: String) throws -> [String: ValueAnswer] {
        let (stdout, stderr) = try run(["timestamp", "--"] + texts, zone: zone)
        var answers: [String: ValueAnswer] = [:]
        var current: String?
        var normalized = ""
        for line in stdout.split(separator: "\n") {
            if let value = field(line, "Original form") {
                current = value
            } else if let value = field(line, "Normalized form") {
                normalized = value
            } else if let value = field(line, "UNIX seconds"), let current {
                answers[current] = .value(try microseconds(value.dropFirst()), text: normalized)
            }
        }
        for line in stderr.split(separator: "\n") {
            if let text = quoted(line, after: "Failed to parse \"", close: "\"") { answers[text] = .rejected }
        }
        return answers
    }

    /// `systemd-analyze timespan` for every text: microseconds and the "Human:" form. systemd
    /// stops at the first text it cannot read, so the rest are asked again.
    static func timespans(_ texts: [String]) throws -> [String: ValueAnswer] {
        var answers: [String: ValueAnswer] = [:]
        var remaining = texts[...]
        while !remaining.isEmpty {
            let batch = try timespanBatch(Array(remaining))
            answers.merge(batch) { first, _ in first }
            let answered = remaining.prefix { batch[$0] != nil }.count
            remaining = remaining.dropFirst(max(answered, 1))
        }
        return answers
    }

    private static func timespanBatch(_ texts: [String]) throws -> [String: ValueAnswer] {
        let (stdout, stderr) = try run(["timespan", "--"] + texts, zone: "UTC")
        var answers: [String: ValueAnswer] = [:]
        var current: String?
        var micros: Int64 = 0
        for line in stdout.split(separator: "\n") {
            if let value = field(line, "Original") {
                current = value
            } else if let value = field(line, "μs") {
                micros = Int64(value) ?? -1
            } else if let value = field(line, "Human"), let current {
                answers[current] = .value(micros, text: value)
            }
        }
        for line in stderr.split(separator: "\n") {
            if let text = quoted(line, after: "Failed to parse time span '") { answers[text] = .rejected }
        }
        return answers
    }

    /// The value of an `Iter. #N: value` line.
    private static func iteration(_ line: Substring) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("Iter. #"), let colon = trimmed.firstIndex(of: ":") else { return nil }
        return String(trimmed[trimmed.index(colon, offsetBy: 2)...])
    }

    /// The value of a `   Label: value` line.
    private static func field(_ line: Substring, _ label: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix(label + ": ") else { return nil }
        return String(trimmed.dropFirst(label.count + 2))
    }

    private static func quoted(_ line: Substring, after prefix: String, close: String = "'") -> String? {
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let end = rest.range(of: close + ":", options: .backwards) else { return nil }
        return String(rest[..<end.lowerBound])
    }

    /// `Sat 2026-03-28 23:00:00 UTC` → seconds since the epoch.
    private static func utcSeconds(_ text: String) throws -> Int64 {
        let parts = text.split(separator: " ")
        guard parts.count == 4 else { throw Unreadable(text: text) }
        let date = parts[1].split(separator: "-").compactMap { Int($0) }
        let time = parts[2].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, time.count == 3 else { throw Unreadable(text: text) }
        var components = DateComponents()
        (components.year, components.month, components.day) = (date[0], date[1], date[2])
        (components.hour, components.minute, components.second) = (time[0], time[1], time[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let instant = calendar.date(from: components) else { throw Unreadable(text: text) }
        return Int64(instant.timeIntervalSince1970)
    }

    /// `1792891800.5` → microseconds.
    private static func microseconds(_ text: Substring) throws -> Int64 {
        let parts = text.split(separator: ".")
        guard let seconds = Int64(parts[0]) else { throw Unreadable(text: String(text)) }
        let fraction = parts.count > 1 ? Int64(parts[1].padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0 : 0
        return seconds * 1_000_000 + fraction
    }

    struct Unreadable: Error, CustomStringConvertible {
        let text: String
        var description: String { "cannot read systemd-analyze output \"\(text)\"" }
    }
}
