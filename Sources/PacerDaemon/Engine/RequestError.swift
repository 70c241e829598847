import PacerCore
import PacerProtocol

/// A request refused because of its input; nothing was changed.
struct RequestError: Error {
    let reply: ErrorReply

    private init(_ code: ErrorCode, _ message: String) {
        reply = ErrorReply(code: code, message: message)
    }

    static let emptyText = RequestError(.invalidInput, "the post's text is empty; give it as an argument, with - for standard input, or in a post file after its +++ front matter")

    static func unknownChannel(_ name: String, configured: [String]) -> RequestError {
        RequestError(.invalidInput, "unknown channel \"\(name)\"; configured channels: \(configured.joined(separator: ", ")) (add one as a [[channel]] block in config.toml)")
    }

    static func noDefaultChannel(configured: [String]) -> RequestError {
        RequestError(.invalidInput, "no --channel given and no channel has default = true; name one with --channel (configured: \(configured.joined(separator: ", ")))")
    }

    static func tooLong(_ findings: [String]) -> RequestError {
        RequestError(.refused, "the text is too long: \(findings.joined(separator: "; "))")
    }

    static func beyondBlueskyRecord(_ findings: [String]) -> RequestError {
        RequestError(.refused, "the post does not fit a Bluesky record: \(findings.joined(separator: "; "))")
    }

    static func nearDuplicate(of other: PostID, score: Double, threshold: Double) -> RequestError {
        let percent = Int((score * 100).rounded())
        return RequestError(
            .refused,
            "this is a near-duplicate of post \(other) (\(percent)% alike, similarity threshold \(Int((threshold * 100).rounded()))%); `pacer show \(other)` shows it; reword it, or queue it anyway with --allow-duplicate")
    }

    static func notExact(_ details: [String]) -> RequestError {
        RequestError(.refused, "--strict: the requested instant cannot be honoured: \(details.joined(separator: "; ")); drop --strict to queue it for the first instant the rules allow")
    }

    static func badPostFile(_ error: PostFileError) -> RequestError {
        RequestError(.invalidInput, "post file \(error); see `docs/post-files.md` for the format")
    }

    static func overrideWithoutChannel(_ channel: String, channels: [String]) -> RequestError {
        RequestError(.invalidInput, "[text] gives a text for \(channel), but the post does not go to \(channel) (channels: \(channels.joined(separator: ", "))); add \(channel) to channels or remove text.\(channel)")
    }

    static func emptyOverride(_ channel: String) -> RequestError {
        RequestError(.invalidInput, "text.\(channel) is empty; write the text for \(channel), or remove the line to use the post's text")
    }

    static func controlCharacter(in field: String, _ finding: ControlCharacters.Finding, lineBreaksAllowed: Bool) -> RequestError {
        let rule = lineBreaksAllowed ? "it may hold tabs and line breaks but no other control characters" : "it is one line, without line breaks or other control characters"
        return RequestError(.invalidInput, "\(field) contains the control character \(finding); remove it: \(rule)")
    }

    static let moveNeedsOneTarget = RequestError(.invalidInput, "move needs exactly one of --at WHEN, --first or --last")

    static func badInstant(_ text: String, _ error: TimeSyntaxError, option: String) -> RequestError {
        RequestError(.invalidInput, "\(option) \"\(text)\": \(error); examples: +2h, -7d, tomorrow 09:00, 2026-12-01T09:00, \"Tue 08:30\"")
    }
}
