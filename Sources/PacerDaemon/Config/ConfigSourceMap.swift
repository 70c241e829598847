import Foundation

/// Finds the line of a key in a TOML text, so that errors found after parsing (an unknown
/// channel kind, a bad duration) can still name the line. TOMLKit keeps no positions of values.
struct ConfigSourceMap {
    /// Where a key lives: the top level, a `[name]` table, or the n-th (from 0) `[[name]]` block.
    enum Section: Equatable {
        case top
        case table(String)
        case block(String, Int)
    }

    private let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line of `key` in `section`; with an empty `key`, the line of the section's header.
    func line(of key: String, in section: Section) -> Int? {
        var current = Section.top
        var blockCounts: [String: Int] = [:]
        for (index, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                if line.hasPrefix("[[") {
                    let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                    let count = blockCounts[name, default: -1] + 1
                    blockCounts[name] = count
                    current = .block(name, count)
                } else {
                    let name = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                    current = .table(name)
                }
                if key.isEmpty, current == section { return index + 1 }
                continue
            }
            guard current == section, !key.isEmpty, line.hasPrefix(key) else { continue }
            let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("=") { return index + 1 }
        }
        return nil
    }
}
