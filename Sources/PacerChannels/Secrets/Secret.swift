import Foundation

/// A secret value (a token, an app password, a signing key).
///
/// Its `description`, `debugDescription` and reflection are redacted, so a secret interpolated into
/// a log line, an error or an outcome shows as `<redacted>`. The value leaves this module only as a
/// header or a body the channel sends.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The value; internal so that nothing outside the channels can print it.
    let value: String

    /// Wraps `value`. Used by ``CredentialStore`` and by tests.
    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension Secret {
    /// The ways the value can be written in a text: as it is, and as a request's JSON body carries
    /// it (quotes and backslashes escaped), for a server that echoes the body it received.
    var writtenForms: [String] {
        guard !value.isEmpty else { return [] }
        let inJSON = String(decoding: JSONBody.encode(value).dropFirst().dropLast(), as: UTF8.self)
        return inJSON == value || inJSON.isEmpty ? [value] : [value, inJSON]
    }
}

extension String {
    /// This text with every occurrence of each secret's value, in each of its ``Secret/writtenForms``,
    /// replaced by `<redacted>`: a server that echoes a request (an `Authorization` header, a
    /// password) must not leak it into an outcome. Scrub a whole text before shortening it: a cut
    /// made first can keep the start of a secret.
    func redacting(_ secrets: [Secret]) -> String {
        secrets.flatMap(\.writtenForms).reduce(self) { text, form in
            text.replacingOccurrences(of: form, with: "<redacted>")
        }
    }
}

extension PublishOutcome {
    /// The outcome with every secret removed from its texts.
    func redacting(_ secrets: [Secret]) -> PublishOutcome {
        switch self {
        case let .published(url, externalID, status, contentID):
            .published(url: url?.redacting(secrets), externalID: externalID?.redacting(secrets), status: status, contentID: contentID)
        case let .failed(reason, status):
            .failed(reason: reason.redacting(secrets), status: status)
        case let .retry(reason, after, status, consumesAttempt):
            .retry(reason: reason.redacting(secrets), after: after, status: status, consumesAttempt: consumesAttempt)
        case let .unknown(reason):
            .unknown(reason: reason.redacting(secrets))
        }
    }
}
