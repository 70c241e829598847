/// Finds the links in a post's text for the near-duplicate check (``TextNormalizer``), which
/// reduces them to host and path: `http://` and `https://` URLs and bare `www.` hosts, up to the
/// first white space, with trailing punctuation (`.,:;!?'"`) and an unbalanced closing bracket
/// left out. Lengths are counted with the platforms' own link rules instead (``TwitterTextLinks``).
enum LinkScanner {
    /// The ranges of every link in `text`, in order.
    static func links(in text: String) -> [Range<String.Index>] {
        mayHoldLink(text) ? scan(text) : []
    }

    /// ``links(in:)`` character by character.
    static func scan(_ text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if hasLinkPrefix(rest), index == text.startIndex || !isLinkCharacter(text[text.index(before: index)]) {
                var end = index
                while end < text.endIndex, !text[end].isWhitespace { end = text.index(after: end) }
                end = trimmed(text, from: index, to: end)
                if end > index {
                    result.append(index..<end)
                    index = end
                    continue
                }
            }
            index = text.index(after: index)
        }
        return result
    }

    /// Whether `text` holds `http` or `www.` in any case, as every link does: the characters
    /// that lowercase to those letters are the ASCII ones, so their bytes are in the UTF-8.
    static func mayHoldLink(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4 else { return false }
        for start in 0...(bytes.count - 4) {
            switch bytes[start] | 0x20 {
            case UInt8(ascii: "h"):
                if bytes[start + 1] | 0x20 == UInt8(ascii: "t"), bytes[start + 2] | 0x20 == UInt8(ascii: "t"),
                   bytes[start + 3] | 0x20 == UInt8(ascii: "p") { return true }
            case UInt8(ascii: "w"):
                if bytes[start + 1] | 0x20 == UInt8(ascii: "w"), bytes[start + 2] | 0x20 == UInt8(ascii: "w"),
                   bytes[start + 3] == UInt8(ascii: ".") { return true }
            default: continue
            }
        }
        return false
    }

    private static func hasLinkPrefix(_ text: Substring) -> Bool {
        // Only an `h` or a `w`, in either case, lowercases to the first letter of a prefix.
        guard let first = text.utf8.first, [0x68, 0x48, 0x77, 0x57].contains(first) else { return false }
        let lower = text.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") || (lower.hasPrefix("www.") && text.count > 4)
    }

    private static func isLinkCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "/" || character == "." || character == "@"
    }

    /// Leaves out trailing punctuation and a closing bracket whose opening one is not in the link.
    private static func trimmed(_ text: String, from start: String.Index, to end: String.Index) -> String.Index {
        var end = end
        while end > start {
            let last = text[text.index(before: end)]
            let link = text[start..<text.index(before: end)]
            if ".,:;!?'\"".contains(last) || (last == ")" && !link.contains("(")) || (last == "]" && !link.contains("[")) {
                end = text.index(before: end)
            } else {
                break
            }
        }
        return end
    }
}
