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
        let folded = text.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
        var result = ""
        var index = folded.startIndex
        for link in LinkScanner.links(in: folded) {
            append(words: folded[index..<link.lowerBound], to: &result)
            appendSeparator(to: &result)
            result += canonicalLink(String(folded[link]))
            appendSeparator(to: &result)
            index = link.upperBound
        }
        append(words: folded[index...], to: &result)
        // Separators are single spaces, never first: at most one trails.
        if result.last == " " { result.removeLast() }
        return result
    }

    /// Appends the letters and digits of `words` and one space for each run of anything else.
    static func append(words: Substring, to result: inout String) {
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
