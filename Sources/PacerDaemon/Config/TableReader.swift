import Foundation
import PacerCore
import TOMLKit

/// Reads typed values from one TOML table, remembering which keys were read so the rest can be
/// reported as unknown, and locating every error on its line.
struct TableReader {
    let table: TOMLTable
    let file: String
    let map: ConfigSourceMap
    /// The `[[channel]]` index, or `nil` for the top level.
    let channel: Int?
    private var known: Set<String> = []

    init(table: TOMLTable, file: String, map: ConfigSourceMap, channel: Int?) {
        self.table = table
        self.file = file
        self.map = map
        self.channel = channel
    }

    /// An error located at `key` (or at the block's header when `key` is empty).
    func error(_ key: String, _ problem: String) -> ConfigError {
        let line = key.isEmpty ? channel.flatMap(map.line(ofChannel:)) : map.line(of: key, channel: channel)
        return ConfigError(file: file, line: line ?? channel.flatMap(map.line(ofChannel:)), problem: problem)
    }

    private var scope: String { channel.map { "[[channel]] #\($0 + 1)" } ?? "the top level" }

    private mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        known.insert(key)
        return table[key]
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.string else { throw error(key, "\(key) must be a string in quotes, like \(key) = \"…\"") }
        return string
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else { throw error(key, "\(key) must be true or false") }
        return bool
    }

    mutating func positiveInt(_ key: String) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int, number >= 1 else { throw error(key, "\(key) must be a whole number of at least 1 (remove the key for no limit)") }
        return number
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
