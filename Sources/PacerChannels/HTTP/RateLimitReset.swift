import Foundation
import PacerCore

/// The instants a server names for "try again then", in the forms the platforms use.
enum RateLimitReset {
    /// `X-RateLimit-Reset: 2026-12-01T10:00:00.000Z` (Mastodon: an ISO 8601 instant).
    static func iso8601(_ text: String?) -> Date? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let instant = ISOInstant.parse(text) { return instant }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let instant = formatter.date(from: text) { return instant }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `x-rate-limit-reset: 1764583200` (X, and Bluesky's `ratelimit-reset`: UNIX seconds).
    static func unixSeconds(_ text: String?) -> Date? {
        guard let text = text?.trimmingWhitespace(), let seconds = Double(text), seconds > 0 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// `Retry-After: 120` or `Retry-After: Tue, 01 Dec 2026 10:00:00 GMT` (RFC 9110).
    static func retryAfter(_ text: String?, now: Date) -> Date? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let seconds = Int(text), seconds >= 0 { return now.addingTimeInterval(Double(seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
