import Foundation

/// A complete HTTP response: status, headers (names lower-cased), body.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// The secrets of the request's channel, which no text drawn from this reply may show.
    var secrets: [Secret] = []

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// The body parsed as a JSON object, if it is one.
    var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    var isSuccess: Bool { (200..<300).contains(status) }

    /// What the server said, for an outcome: the first of the usual JSON error fields, else the
    /// body's text, shortened to a line. The whole text is scrubbed of ``secrets`` before it is
    /// shortened: a cut made first could keep the start of a secret that straddles it.
    var serverMessage: String {
        Self.shorten(fullServerMessage.redacting(secrets))
    }

    /// The server's text before scrubbing and shortening.
    private var fullServerMessage: String {
        if let object = jsonObject {
            for key in ["error_description", "message", "detail", "error", "title"] {
                if let text = object[key] as? String, !text.isEmpty { return text }
            }
            if let errors = object["errors"] as? [[String: Any]], let first = errors.first,
               let text = (first["message"] ?? first["detail"]) as? String {
                return text
            }
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// "HTTP 422: Validation failed…".
    var summary: String {
        let message = serverMessage
        return message.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(message)"
    }

    /// At most 300 characters on one line.
    static func shorten(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
