import PacerCore

/// Checks shared by the settings types.
enum SettingsValidation {
    /// The longest timeout a channel may set. A call holds its delivery claimed meanwhile, and
    /// stopping pacerd waits for the call in flight: with 30 s to spare for the command channel's
    /// kill and the store's close, the stop ends within systemd's `TimeoutStopSec=90s`
    /// (systemd/pacer.service), which must stay above this.
    static let maxTimeout = TimeSpan(seconds: 60)

    static func timeout(_ span: TimeSpan) throws(ChannelSettingsError) -> TimeSpan {
        guard span.microseconds > 0, span <= maxTimeout else {
            throw ChannelSettingsError(key: "timeout", "must be more than 0 and at most \(maxTimeout), not \(span): stopping pacerd waits for a call in flight, and systemd's TimeoutStopSec=90s would kill it mid-call; use a timeout of 1min or less")
        }
        return span
    }

    static func credential(_ name: String, key: String = "credential") throws(ChannelSettingsError) -> String {
        guard CredentialStore.isValidName(name) else {
            throw ChannelSettingsError(key: key, "\"\(name)\" must be a file name in the credentials directory (letters, digits, '.', '_', '-')")
        }
        return name
    }

    /// A language tag such as `en` or `pt-BR` (ISO 639 letters, optional region).
    static func language(_ tag: String?) throws(ChannelSettingsError) -> String? {
        guard let tag else { return nil }
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        let valid = (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLetter }
            && parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard valid else { throw ChannelSettingsError(key: "language", "\"\(tag)\" is not a language tag such as \"en\" or \"pt-BR\"") }
        return tag
    }
}
