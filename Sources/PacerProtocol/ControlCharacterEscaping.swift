import PacerCore

/// Rewrites a reply's JSON so that no string in it holds a control character a terminal would
/// act on: each becomes the visible text `\u{1B}`. Replies carry what servers, programs and
/// people wrote (a server's error, a URL, a post), and `pacer`'s human output prints them; JSON
/// output (`--json`) reads the reply as it is, where JSON's own escapes keep it inert.
///
/// Line feeds and tabs stay (a post's text has lines); every other C0 character, DEL and the C1
/// characters are rewritten, whether JSON escaped them (`\u001b`, `\r`, `\b`, `\f`) or not.
public enum ControlCharacterEscaping {
    public static func escapingStrings(inJSON json: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        var inString = false
        var index = 0
        func visible(_ value: UInt32) -> [UInt8] {
            // As ControlCharacters shows it, written in JSON: its backslash escaped.
            let shown = Unicode.Scalar(value).map(ControlCharacters.visible) ?? ""
            return shown.utf8.flatMap { $0 == UInt8(ascii: "\\") ? [$0, $0] : [$0] }
        }
        while index < json.count {
            let byte = json[index]
            if !inString {
                if byte == UInt8(ascii: "\"") { inString = true }
                output.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = false
                output.append(byte)
                index += 1
            case UInt8(ascii: "\\") where index + 1 < json.count:
                let escape = json[index + 1]
                switch escape {
                case UInt8(ascii: "r"): output += visible(0x0D); index += 2
                case UInt8(ascii: "b"): output += visible(0x08); index += 2
                case UInt8(ascii: "f"): output += visible(0x0C); index += 2
                case UInt8(ascii: "u") where index + 6 <= json.count:
                    let hex = String(decoding: json[(index + 2)..<(index + 6)], as: UTF8.self)
                    if let value = UInt32(hex, radix: 16), isRewritten(value) {
                        output += visible(value)
                    } else {
                        output += json[index..<(index + 6)]
                    }
                    index += 6
                default:
                    output += json[index...(index + 1)]
                    index += 2
                }
            case 0x7F:
                output += visible(0x7F)
                index += 1
            case 0xC2 where index + 1 < json.count && (0x80...0x9F).contains(json[index + 1]):
                output += visible(UInt32(json[index + 1]))
                index += 2
            case 0x00..<0x20:
                output += visible(UInt32(byte))
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Every control character ``ControlCharacters`` knows, but line feed and tab.
    private static func isRewritten(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        return ControlCharacters.isControl(scalar) && scalar != "\n" && scalar != "\t"
    }
}
