import Crypto
import Foundation

/// How a status the server returns is compared with a post's text, to find a post whose answer
/// was lost among the account's own statuses.
///
/// The status's plain text is its `text` when the server gives it (the author's own source, on
/// some servers and endpoints), else Pleroma's and Akkoma's `pleroma.content["text/plain"]`, else
/// `content` read back from the HTML Mastodon makes of a text: tags dropped (`<br>` a line break,
/// a new `<p>` a blank line, the hidden parts of a shortened link kept), then entities decoded.
/// Both sides are then put in one comparison form: line endings `\n`, the ends trimmed (Mastodon
/// strips them), runs of blank lines one blank line (paragraphs), a mention `@name@host` as
/// `@name` (Mastodon shows remote mentions without their host), Unicode NFC.
enum MastodonStatusText {
    /// The SHA-256 (hex) of `text`'s comparison form: what a delivery's record keeps of its text.
    static func digest(_ text: String) -> String {
        SHA256.hash(data: Array(comparable(text).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of a status with `text`, replying to `inReplyTo`, with `mediaCount` images: the
    /// text's own digest for a status without either (as records written before images kept it),
    /// else the text's comparison form with both. Two parts of a thread can have the same text, or
    /// none (images only); their place in the thread and their images still tell them apart.
    static func digest(_ text: String, inReplyTo: String?, mediaCount: Int) -> String {
        guard inReplyTo != nil || mediaCount > 0 else { return digest(text) }
        let form = comparable(text) + "\u{0}in_reply_to_id=\(inReplyTo ?? "")\u{0}media=\(mediaCount)"
        return SHA256.hash(data: Array(form.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The plain text of a status object from the API.
    static func plain(of status: [String: Any]) -> String? {
        if let text = status["text"] as? String, !text.isEmpty { return text }
        if let pleroma = status["pleroma"] as? [String: Any], let content = pleroma["content"] as? [String: Any],
           let text = content["text/plain"] as? String, !text.isEmpty {
            return text
        }
        return (status["content"] as? String).map(text(fromHTML:))
    }

    /// The text of Mastodon's status HTML.
    static func text(fromHTML html: String) -> String {
        var result = ""
        var pending = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            pending += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: open)..<close].lowercased()
            let isClosing = tag.hasPrefix("/")
            let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
            result += decodingEntities(pending)
            pending = ""
            switch name {
            case "br": result += "\n"
            case "p" where !isClosing && !result.isEmpty: result += "\n\n"
            default: break
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + decodingEntities(pending + rest)
    }

    /// `text` in the form two texts are compared in.
    static func comparable(_ text: String) -> String {
        var form = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        form = form.trimmingCharacters(in: .whitespacesAndNewlines)
        form = form.replacing(/\n[ \t]*\n\s*/, with: "\n\n")
        form = form.replacing(/(^|[^\w@\/])@(\w+)@[\w.-]+\w/) { match in "\(match.output.1)@\(match.output.2)" }
        return form.precomposedStringWithCanonicalMapping
    }

    /// `text` with HTML character references (`&amp;`, `&#39;`, `&#x1F600;`) decoded.
    static func decodingEntities(_ text: some StringProtocol) -> String {
        guard text.contains("&") else { return String(text) }
        return String(text).replacing(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/) { match in
            let name = match.output.1
            let scalar: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
            } else {
                scalar = namedEntities[String(name)]
            }
            return scalar.map { String(Character($0)) } ?? String(match.output.0)
        }
    }

    /// The named references an HTML serializer writes for text.
    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
    ]
}
