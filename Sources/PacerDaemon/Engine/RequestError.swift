import Glibc
import PacerPOSIX
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

    static func emptyOverride(_ channel: String, part: Int) -> RequestError {
        RequestError(.invalidInput, "text.\(channel) is empty for part \(part); write that part's text for \(channel)")
    }

    static func twoOverrides(_ channel: String) -> RequestError {
        RequestError(.invalidInput, "text.\(channel) is given twice; give one string (one post on \(channel)) or one array (a text per part)")
    }

    static func threadOnLinkedIn(_ channel: String, parts: Int) -> RequestError {
        RequestError(.refused, "\(channel) is a LinkedIn channel, and LinkedIn has no threads; this post has \(parts) parts. Give \(channel) one post of its own in the post file ([text] \(channel) = \"…\"), or leave \(channel) out of channels")
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

/// Refusals of a post's images: each names the image by the path it was given.
extension RequestError {
    static func missingAlt(_ path: String) -> RequestError {
        RequestError(.invalidInput, "image \(path) has no alt text; describe it for people who cannot see it (--alt \"…\" after its --image, or alt = \"…\" in its [[image]]), or state the choice with --no-alt-text (no_alt_text = true in a post file)")
    }

    static func unreadableImage(_ path: String, _ error: SystemCallError) -> RequestError {
        let hint = switch error.code {
        case EFBIG: "it is larger than \(MediaIntake.readLimit / 1_048_576) MiB, more than any channel takes; make it smaller"
        case ENOENT: "check the path (pacerd reads the file itself: with systemd/hardening.conf's PrivateTmp=yes it cannot see your /tmp; put the image in your home directory)"
        default: "check that it is a readable file"
        }
        return RequestError(.invalidInput, "cannot read image \(path): \(error); \(hint)")
    }

    static func badImage(_ path: String, _ error: ImageError) -> RequestError {
        RequestError(.invalidInput, "image \(path): \(error)")
    }

    static func badAlt(_ path: String, _ finding: ControlCharacters.Finding) -> RequestError {
        RequestError(.invalidInput, "the alt text of image \(path) contains the control character \(finding); remove it: alt text may hold tabs and line breaks but no other control characters")
    }

    static func beyondMediaLimits(_ findings: [String]) -> RequestError {
        RequestError(.refused, "the images do not fit: \(findings.joined(separator: "; "))")
    }

    static func keepingImageFailed(_ path: String, _ error: SystemCallError) -> RequestError {
        RequestError(.refused, "cannot keep a copy of image \(path) in the state directory: \(error); check the disk space and the permissions of the state directory")
    }
}
