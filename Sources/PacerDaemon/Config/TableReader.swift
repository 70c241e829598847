import Foundation
import PacerCore
import TOMLKit

/// Reads typed values from one TOML table, remembering which keys were read so the rest can be
/// reported as unknown, and locating every error on its line.
struct TableReader {
    let table: TOMLTable
    let file: String
    let map: ConfigSourceMap
    /// Where this table is in the file.
    let section: ConfigSourceMap.Section
    private var known: Set<String> = []
    /// Every value read, as written (`"2h"`, `2`, `["Tue 08:30"]`), by key: `pacer channels` shows them.
    private(set) var texts: [String: String] = [:]

    init(table: TOMLTable, file: String, map: ConfigSourceMap, section: ConfigSourceMap.Section) {
        self.table = table
        self.file = file
        self.map = map
        self.section = section
    }

    /// A reader of the table at `key` inside this one (`[cadence]`, `retry = { … }`); `nil` when absent.
    mutating func subtable(_ key: String) throws(ConfigError) -> TableReader? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw error(key, "\(key) must be a table: [\(key)] or \(key) = { … }") }
        let inner: ConfigSourceMap.Section = section == .top ? .table(key) : section
        return TableReader(table: table, file: file, map: map, section: inner)
    }

    /// An error located at `key` (or at the block's header when `key` is empty).
    func error(_ key: String, _ problem: String) -> ConfigError {
        let line = map.line(of: key, in: section) ?? map.line(of: "", in: section)
        return ConfigError(file: file, line: line, problem: problem)
    }

    private var scope: String {
        switch section {
        case .top: "the top level"
        case let .table(name): "[\(name)]"
        case let .block(name, index): "[[\(name)]] #\(index + 1)"
        }
    }

    private mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        known.insert(key)
        return table[key]
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.string else { throw error(key, "\(key) must be a string in quotes, like \(key) = \"…\"") }
        texts[key] = string
        return string
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else { throw error(key, "\(key) must be true or false") }
        texts[key] = String(bool)
        return bool
    }

    mutating func positiveInt(_ key: String) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int, number >= 1 else { throw error(key, "\(key) must be a whole number of at least 1 (remove the key for no limit)") }
        texts[key] = String(number)
        return number
    }

    /// A number from `range` (integers are accepted too).
    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.double ?? value.int.map(Double.init), range.contains(number) else {
            throw error(key, "\(key) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        texts[key] = String(number)
        return number
    }

    /// One of the raw values of `Choice`.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) throws(ConfigError) -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let options = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw error(key, "\(key) = \"\(text)\" is not one of \(options)")
        }
        return choice
    }

    /// An array of strings.
    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw error(key, "\(key) must be an array of strings, like \(key) = [\"…\", \"…\"]") }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else { throw error(key, "\(key) must be an array of strings, like \(key) = [\"…\", \"…\"]") }
            strings.append(string)
        }
        texts[key] = "[" + strings.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        return strings
    }

    /// A table of strings (`headers = { "X-Team" = "comms" }`).
    mutating func stringTable(_ key: String) throws(ConfigError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw error(key, "\(key) must be a table of strings, like \(key) = { \"Name\" = \"value\" }") }
        var strings: [String: String] = [:]
        for name in table.keys {
            guard let string = table[name]?.string else { throw error(key, "\(key).\(name) must be a string") }
            strings[name] = string
        }
        texts[key] = strings.keys.sorted().joined(separator: ", ")
        return strings
    }

    /// An array of systemd calendar expressions.
    mutating func calendars(_ key: String) throws(ConfigError) -> [CalendarSpec]? {
        guard let texts = try strings(key) else { return nil }
        var specs: [CalendarSpec] = []
        for text in texts {
            do {
                specs.append(try CalendarSpec.parse(text))
            } catch {
                throw self.error(key, "\(key): \(error)")
            }
        }
        return specs
    }

    mutating func timeSpan(_ key: String) throws(ConfigError) -> TimeSpan? {
        guard let text = try string(key) else { return nil }
        do {
            return try TimeSpan.parse(text)
        } catch {
            throw self.error(key, "\(key): \(error)")
        }
    }

    mutating func timeZone(_ key: String) throws(ConfigError) -> TimeZone? {
        guard let name = try string(key) else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            throw error(key, "\(key): \"\(name)\" is not a known IANA time zone; use a name such as \"Europe/Berlin\" or \"UTC\" (see timedatectl list-timezones)")
        }
        return zone
    }

    /// An absolute path, `~` expanded.
    mutating func path(_ key: String) throws(ConfigError) -> String? {
        guard let text = try string(key) else { return nil }
        let expanded = NSString(string: text).expandingTildeInPath
        guard expanded.hasPrefix("/") else { throw error(key, "\(key) must be an absolute path (or start with ~/), not \"\(text)\"") }
        return expanded
    }

    /// An array of tables (`[[key]]`), empty when absent.
    mutating func tables(_ key: String) throws(ConfigError) -> [TOMLTable] {
        guard let value = value(key) else { return [] }
        guard let array = value.array else { throw error(key, "\(key) must be written as [[\(key)]] blocks") }
        var tables: [TOMLTable] = []
        for element in array {
            guard let table = element.table else { throw error(key, "\(key) must be written as [[\(key)]] blocks") }
            tables.append(table)
        }
        return tables
    }

    /// Throws for the first key that was never read.
    func rejectUnknownKeys() throws(ConfigError) {
        for key in table.keys.sorted() where !known.contains(key) {
            let suggestion = known.min { Self.distance($0, key) < Self.distance($1, key) }
                .flatMap { Self.distance($0, key) <= 2 ? " (did you mean \($0)?)" : nil } ?? ""
            throw error(key, "unknown key \(key) in \(scope)\(suggestion)")
        }
    }

    /// Levenshtein distance, for "did you mean" suggestions.
    private static func distance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs), right = Array(rhs)
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1]
            for (j, rightCharacter) in right.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (leftCharacter == rightCharacter ? 0 : 1)))
            }
            previous = current
        }
        return previous[right.count]
    }
}
