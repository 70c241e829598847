/// Finds the line of a key in a TOML text, so that errors found after parsing (an unknown
/// channel kind, a bad duration) can still name the line. TOMLKit keeps no positions of values.
struct ConfigSourceMap {
    private let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line of `key` at the top level (`channel: nil`) or in the n-th `[[channel]]` block.
    func line(of key: String, channel: Int?) -> Int? {
        var section: Int? = nil
        var channelCount = -1
        for (index, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[channel]]") {
                channelCount += 1
                section = channelCount
                if key.isEmpty, channel == channelCount { return index + 1 }
                continue
            }
            if line.hasPrefix("[") {
                section = -1
                continue
            }
            guard section == channel, line.hasPrefix(key) else { continue }
            let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("=") { return index + 1 }
        }
        return nil
    }

    /// The line of the n-th `[[channel]]` header.
    func line(ofChannel channel: Int) -> Int? { line(of: "", channel: channel) }
}
