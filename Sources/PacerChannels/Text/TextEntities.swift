/// Links, mentions and hashtags in a post's text, with their UTF-8 byte ranges (what Bluesky's
/// facets index) and their length in characters (what Mastodon's URL weighting needs).
struct TextEntity: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// An `http://` or `https://` URL.
        case link(String)
        /// `@handle.example` (the handle, lower-cased, without `@`).
        case mention(String)
        /// `#tag` (the tag without `#`).
        case hashtag(String)
    }

    let kind: Kind
    /// Byte offsets into the text's UTF-8, the whole entity (`@` and `#` included).
    let utf8Range: Range<Int>
    /// The entity's length in characters (grapheme clusters).
    let characterCount: Int
}

/// Finds ``TextEntity`` values the way the Bluesky app and Mastodon do: a link or mention starts
/// the text or follows white space or `(`; a hashtag starts the text or follows white space;
/// trailing punctuation is not part of any of them.
enum TextEntities {
    static func scan(_ text: String) -> [TextEntity] {
        let scalars = Array(text.unicodeScalars)
        var offsets = [0]
        offsets.reserveCapacity(scalars.count + 1)
        for scalar in scalars { offsets.append(offsets.last! + UTF8.width(scalar)) }
        var entities: [TextEntity] = []
        var index = 0
        while index < scalars.count {
            let previous: Unicode.Scalar? = index == 0 ? nil : scalars[index - 1]
            let afterSpace = previous == nil || previous!.properties.isWhitespace
            var found: (TextEntity.Kind, Int)?
            if afterSpace || previous == "(" {
                found = link(scalars, at: index) ?? mention(scalars, at: index)
            }
            if found == nil, afterSpace {
                found = hashtag(scalars, at: index)
            }
            if let (kind, end) = found {
                let piece = String(String.UnicodeScalarView(scalars[index..<end]))
                entities.append(TextEntity(kind: kind, utf8Range: offsets[index]..<offsets[end], characterCount: piece.count))
                index = end
            } else {
                index += 1
            }
        }
        return entities
    }

    /// The end of the run of non-white-space scalars from `start`.
    private static func runEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start
        while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
        return end
    }

    private static func link(_ scalars: [Unicode.Scalar], at start: Int) -> (TextEntity.Kind, Int)? {
        let prefix = String(String.UnicodeScalarView(scalars[start..<min(start + 8, scalars.count)])).lowercased()
        let schemeLength = prefix.hasPrefix("https://") ? 8 : prefix.hasPrefix("http://") ? 7 : 0
        guard schemeLength > 0 else { return nil }
        var end = runEnd(scalars, from: start)
        while end > start + schemeLength {
            let last = scalars[end - 1]
            let piece = scalars[start..<end]
            if ".,;:!?\"'”’»".unicodeScalars.contains(last)
                || (last == ")" && piece.filter({ $0 == "(" }).count < piece.filter({ $0 == ")" }).count) {
                end -= 1
            } else {
                break
            }
        }
        guard end > start + schemeLength else { return nil }
        return (.link(String(String.UnicodeScalarView(scalars[start..<end]))), end)
    }

    private static func mention(_ scalars: [Unicode.Scalar], at start: Int) -> (TextEntity.Kind, Int)? {
        guard scalars[start] == "@" else { return nil }
        var end = start + 1
        while end < scalars.count, scalars[end].isASCII,
              scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) || scalars[end] == "." || scalars[end] == "-" {
            end += 1
        }
        while end > start + 1, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
        let handle = String(String.UnicodeScalarView(scalars[(start + 1)..<end])).lowercased()
        let labels = handle.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, handle.utf8.count <= 253,
              labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              labels.last!.first!.isLetter
        else { return nil }
        return (.mention(handle), end)
    }

    private static func hashtag(_ scalars: [Unicode.Scalar], at start: Int) -> (TextEntity.Kind, Int)? {
        guard scalars[start] == "#" || scalars[start] == "\u{FF03}", start + 1 < scalars.count, scalars[start + 1] != "\u{FE0F}" else { return nil }
        var end = runEnd(scalars, from: start + 1)
        while end > start + 1, isPunctuation(scalars[end - 1]) { end -= 1 }
        let tag = scalars[(start + 1)..<end]
        guard !tag.isEmpty, tag.count <= 64, tag.contains(where: { !isPunctuation($0) && !("0"..."9").contains($0) }) else { return nil }
        return (.hashtag(String(String.UnicodeScalarView(tag))), end)
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            scalar != "_"
        default:
            false
        }
    }
}
