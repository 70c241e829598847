/// Why a request failed, stable on the wire; the CLI maps each to a documented exit code.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    /// Not valid JSON, a missing field, a field of the wrong type, an unknown operation.
    case invalidRequest = "invalid_request"
    /// A version this daemon does not speak.
    case unsupportedVersion = "unsupported_version"
    /// Larger than `ControlFraming.maxRequestBytes`.
    case tooLarge = "too_large"
    /// Well-formed, but the input is wrong: empty text, an unknown channel, an unparsable `--at`.
    case invalidInput = "invalid_input"
    /// No such post.
    case notFound = "not_found"
    /// The request contradicts the current state: cancelling a published post.
    case conflict
    /// A rule refuses it: a near-duplicate, a text too long for a channel, `--strict` unmet.
    case refused
    /// The caller is not the socket owner.
    case permissionDenied = "permission_denied"
    /// The daemon serves as many connections as it allows; the request was not read. Try again.
    case busy
    /// The daemon failed to carry out a valid request (for example, the disk is full).
    case internalError = "internal"
}
