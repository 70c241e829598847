/// What TOMLKit cannot be trusted with, found before it sees the text:
/// - a table header whose name does not start with a key character (`[{cadence]`, `[[[channel]]`,
///   `[ ,x]`) makes toml++, the parser inside TOMLKit, fail an assertion: a debug build aborts and
///   a release build, where the assertion becomes an optimiser assumption, is undefined. A typo in
///   the configuration must not take pacerd down (at start, or on `systemctl --user reload`);
/// - a `\u0000` escape in a string: TOMLKit hands strings over as C strings, so the value would be
///   cut at the NUL without a word (`"https://a\u0000evil"` read as `"https://a"`).
///
/// It follows just enough of TOML to know where a header can stand (at the start of a statement,
/// outside strings, comments, arrays and inline tables) and where escapes are read (basic strings).
enum TOMLGuard {
    enum Problem: Sendable, Equatable {
        case malformedHeader
        case nulEscape
    }

    /// The first problem, with its line and column (1-based), or `nil`.
    static func firstProblem(in text: String) -> (problem: Problem, line: Int, column: Int)? {
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
                        if basic, s[i] == "\\" {
                            if escapesNUL(s, at: i) { return (.nulEscape, line, i - lineStart + 1) }
                            i += 2
                            continue
                        }
                        if i + 2 < s.count, s[i] == c, s[i + 1] == c, s[i + 2] == c { i += 3; break }
                        i += 1
                    }
                } else {
                    i += 1
                    while i < s.count, s[i] != c, s[i] != "\n" {
                        if basic, s[i] == "\\" {
                            if escapesNUL(s, at: i) { return (.nulEscape, line, i - lineStart + 1) }
                            i += 1
                        }
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
                guard j < s.count, isKeyStart(s[j]) || s[j] == "]" else { return (.malformedHeader, line, j - lineStart + 1) }
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

    /// Whether the backslash at `i` starts `\u0000` or `\U00000000`.
    private static func escapesNUL(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 1 < s.count else { return false }
        let digits = s[i + 1] == "u" ? 4 : s[i + 1] == "U" ? 8 : 0
        guard digits > 0, i + 1 + digits < s.count else { return false }
        return s[(i + 2)...(i + 1 + digits)].allSatisfy { $0 == "0" }
    }

    private static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", "\"", "'": true
        default: false
        }
    }
}
