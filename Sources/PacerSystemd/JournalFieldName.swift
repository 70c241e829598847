/// Turns arbitrary metadata keys into journal field names that journald accepts.
///
/// journald keeps a field only if its name is 1–64 characters of `A–Z`, `0–9` and `_`, does not
/// start with a digit, and does not start with `_` (those are the trusted fields journald adds
/// itself); it drops any other field without a word. ``sanitize(_:)`` applies these rules:
///
/// 1. ASCII letters are upper-cased; digits and `_` stay; every other character (a `.`, `-`,
///    space, or any non-ASCII character, counted as one user-perceived character) becomes `_`.
/// 2. Leading underscores are removed.
/// 3. A name that then starts with a digit gets the prefix ``escapePrefix`` (`X_`).
/// 4. The result is cut to ``maximumLength`` characters.
///
/// A name with no letter or digit in it gives `nil`. Examples: `post_id` → `POST_ID`,
/// `code.file` → `CODE_FILE`, `_private` → `PRIVATE`, `9lives` → `X_9LIVES`, `café` → `CAF_`.
public enum JournalFieldName {
    /// The longest field name journald accepts.
    public static let maximumLength = 64

    /// Put in front of a name that would otherwise start with a digit (and, by the log handlers, in
    /// front of metadata that would take the name of a field they write themselves).
    public static let escapePrefix = "X_"

    /// The journal field name for `name`, or `nil` when nothing usable remains.
    public static func sanitize(_ name: String) -> String? {
        // Most keys are made of ASCII letters, digits and `_` (`post_id`): each byte a character.
        let bytes = Array(name.utf8)
        return bytes.allSatisfy(isWordByte) ? sanitize(wordBytes: bytes) : sanitize(characters: name)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "_")
    }

    /// ``sanitize(_:)`` of a name whose bytes are all ASCII letters, digits and `_`.
    static func sanitize(wordBytes bytes: [UInt8]) -> String? {
        let trimmed = bytes.drop { $0 == UInt8(ascii: "_") }
        guard let first = trimmed.first else { return nil }
        var mapped = (0x30...0x39).contains(first) ? Array(escapePrefix.utf8) : []
        mapped.append(contentsOf: trimmed.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 })
        return String(decoding: mapped.prefix(maximumLength), as: UTF8.self)
    }

    /// ``sanitize(_:)`` of any name, character by character.
    static func sanitize(characters name: String) -> String? {
        var mapped = ""
        mapped.unicodeScalars.reserveCapacity(name.count)
        for character in name {
            guard character.isASCII, let ascii = character.asciiValue else {
                mapped.unicodeScalars.append("_")
                continue
            }
            switch ascii {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                mapped.unicodeScalars.append(Unicode.Scalar(ascii - 0x20))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                mapped.unicodeScalars.append(Unicode.Scalar(ascii))
            default:
                mapped.unicodeScalars.append("_")
            }
        }
        let trimmed = mapped.drop(while: { $0 == "_" })
        guard let first = trimmed.first else { return nil }
        let prefixed = first.isWholeNumber ? escapePrefix + trimmed : String(trimmed)
        return String(prefixed.prefix(maximumLength))
    }
}
