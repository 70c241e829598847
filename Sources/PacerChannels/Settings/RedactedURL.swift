/// A URL as Pacer shows it to people (CLI output, the journal, history reasons): scheme, host,
/// port and path only. A query or fragment may carry a token and user info a password, so they are
/// removed; a removed query shows as `?…` (a removed fragment as `#…`) so that the reader knows
/// there was one.
public enum RedactedURL {
    /// `text` without its user info, query and fragment. Works on any text, URL or not, so that a
    /// refused or relative URL can be shown too.
    public static func shown(_ text: String) -> String {
        var rest = Substring(text)
        var shown = ""
        if let separator = rest.range(of: "://") {
            shown += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            shown += authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
            rest = rest[authorityEnd...]
        }
        let pathEnd = rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
        shown += rest[..<pathEnd]
        if pathEnd < rest.endIndex { shown += rest[pathEnd] == "?" ? "?…" : "#…" }
        return shown
    }
}
