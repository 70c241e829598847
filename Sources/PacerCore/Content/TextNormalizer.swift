import Foundation

/// Reduces a post to what makes it the same post, for the near-duplicate check: compatibility
/// normalisation (NFKC) and case folding; links reduced to host and path plus the query
/// parameters that are not tracking ones (`utm_*`, `fbclid`, `gclid`, `dclid`, `msclkid`,
/// `mc_cid`, `mc_eid`, `igshid`, `si`, `ref`, `ref_src`), without scheme, `www.`, fragment or
/// trailing slash; every other run of punctuation, symbols and white space becomes one space.
public enum TextNormalizer {
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "si", "ref", "ref_src",
    ]

    /// The normalised text.
    public static func normalize(_ text: String) -> String {
        let folded = fold(text)
        let ascii = folded.utf8.allSatisfy { $0 < 0x80 }
        var result = ""
        var index = folded.startIndex
        for link in LinkScanner.links(in: folded) {
            append(words: folded[index..<link.lowerBound], ascii: ascii, to: &result)
            appendSeparator(to: &result)
            result += canonicalLink(String(folded[link]))
            appendSeparator(to: &result)
            index = link.upperBound
        }
        append(words: folded[index...], ascii: ascii, to: &result)
        // Separators are single spaces, never first: at most one trails.
        if result.last == " " { result.removeLast() }
        return result
    }

    /// NFKC and case folding. ASCII text, most posts, is its own NFKC form and folds by
    /// lowercasing A–Z alone, so it skips Foundation's two passes (each a bridge to CFString).
    static func fold(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
        }
        return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Appends the letters and digits of `words` and one space for each run of anything else.
    /// ASCII text (`ascii`) is read byte by byte: its only letters and digits are A–Z, a–z and
    /// 0–9, and its one character of two scalars, CR LF, is a separator either way.
    static func append(words: Substring, ascii: Bool, to result: inout String) {
        if ascii {
            for byte in words.utf8 {
                if (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) {
                    result.unicodeScalars.append(Unicode.Scalar(byte))
                } else if let last = result.utf8.last, last != 0x20 {
                    result.append(" ")
                }
            }
            return
        }
        for character in words {
            if character.isLetter || character.isNumber {
                result.append(character)
            } else {
                appendSeparator(to: &result)
            }
        }
    }

    private static func appendSeparator(to result: inout String) {
        if let last = result.last, last != " " { result.append(" ") }
    }

    /// `https://www.Example.com/a/?utm_source=x&id=3#top` → `example.com/a?id=3`.
    static func canonicalLink(_ link: String) -> String {
        var rest = Substring(link)
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        if rest.lowercased().hasPrefix("www.") { rest = rest.dropFirst(4) }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: [Substring] = []
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...].split(separator: "&").filter { parameter in
                let name = parameter.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            rest = rest[..<mark]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        return query.isEmpty ? String(rest) : "\(rest)?\(query.joined(separator: "&"))"
    }
}
