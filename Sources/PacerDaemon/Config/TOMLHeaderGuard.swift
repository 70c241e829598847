/// A table header whose name does not start with a key character (`[{cadence]`, `[[[channel]]`,
/// `[ ,x]`) makes toml++ — the parser inside TOMLKit — fail an assertion: a debug build aborts and
/// a release build, where the assertion becomes an optimiser assumption, is undefined. A typo in
/// the configuration must not take pacerd down (at start, or on `systemctl --user reload`), so
/// this finds such a header before TOMLKit sees the text.
///
/// It follows just enough of TOML to know where a header can stand: at the start of a statement,
/// outside strings, comments, arrays and inline tables.
enum TOMLHeaderGuard {
    /// The line and column (1-based) of the first header whose name cannot start there, or `nil`.
    static func malformedHeader(in text: String) -> (line: Int, column: Int)? {
        let s = Array(text.unicodeScalars)
        var i = 0, line = 1, lineStart = 0, depth = 0
        var statementStart = true
        func newline(at index: Int) {
            line += 1
            lineStart = index + 1
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case "\n":
                newline(at: i)
                if depth == 0 { statementStart = true }
                i += 1
                continue
            case " ", "\t", "\r":
                i += 1
                continue
            case "#":
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            case "\"", "'":
                let basic = c == "\""
                if i + 2 < s.count, s[i + 1] == c, s[i + 2] == c {
                    i += 3
                    while i < s.count {
                        if s[i] == "\n" { newline(at: i) }
                        if basic, s[i] == "\\" { i += 2; continue }
                        if i + 2 < s.count, s[i] == c, s[i + 1] == c, s[i + 2] == c { i += 3; break }
                        i += 1
                    }
                } else {
                    i += 1
                    while i < s.count, s[i] != c, s[i] != "\n" {
                        if basic, s[i] == "\\" { i += 1 }
                        i += 1
                    }
                    if i < s.count, s[i] == c { i += 1 }
                }
                statementStart = false
                continue
            case "[" where statementStart && depth == 0:
                var j = i + 1
                if j < s.count, s[j] == "[" { j += 1 }
                while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
                guard j < s.count, isKeyStart(s[j]) || s[j] == "]" else { return (line, j - lineStart + 1) }
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            case "[", "{":
                depth += 1
            case "]", "}":
                depth = max(0, depth - 1)
            default:
                break
            }
            statementStart = false
            i += 1
        }
        return nil
    }

    private static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", "\"", "'": true
        default: false
        }
    }
}
