/// Control characters in text that comes from outside: refused in what a person writes (a NUL
/// cut posts short in C layers below; a line break in a title forged header lines in an outbox
/// file), escaped in what Pacer shows of what servers and programs said (an escape sequence in a
/// server's reply could retitle or recolour the person's terminal).
public enum ControlCharacters {
    /// The first forbidden character of `text` and where it is.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The character, as `U+0000 (NUL)`.
        public var character: String
        /// 1-based line and column (in characters), and the 1-based offset in the whole text.
        public var line: Int
        public var column: Int
        public var offset: Int

        public var description: String {
            line == 1 ? "\(character) at character \(offset)" : "\(character) at line \(line), column \(column) (character \(offset))"
        }
    }

    /// Whether `scalar` is a control character: C0, DEL or C1.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The first control character in `text` other than tab, and other than line feed and carriage
    /// return when `lineBreaks` allows them; nil when there is none.
    public static func firstForbidden(in text: String, lineBreaks: Bool) -> Finding? {
        var line = 1, column = 0, offset = 0
        for character in text {
            offset += 1
            column += 1
            for scalar in character.unicodeScalars where isControl(scalar) && scalar != "\t" {
                let isBreak = scalar == "\n" || scalar == "\r"
                if isBreak && lineBreaks { continue }
                return Finding(character: name(of: scalar), line: line, column: column, offset: offset)
            }
            if character == "\n" || character == "\r\n" || character == "\r" {
                line += 1
                column = 0
            }
        }
        return nil
    }

    /// `text` with its control characters written as `\u{1B}`, so that nothing a server or a
    /// program said can act on a terminal; tab and line breaks stay when `keepingLineBreaks`
    /// (a post's own multi-line text).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool {
            isControl(scalar) && !(keepingLineBreaks && (scalar == "\t" || scalar == "\n" || scalar == "\r"))
        }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                result.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// How a control character is shown to people: `\u{1B}`.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    }

    /// `U+001B (ESC)`.
    static func name(of scalar: Unicode.Scalar) -> String {
        let names = ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
                     "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"]
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.value < 0x20 { return "\(code) (\(names[Int(scalar.value)]))" }
        return scalar.value == 0x7F ? "\(code) (DEL)" : "\(code) (a C1 control character)"
    }
}
