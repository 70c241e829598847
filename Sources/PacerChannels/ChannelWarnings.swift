import Foundation
import PacerCore

/// What will soon stop a channel from publishing, said ahead of time: a LinkedIn `version` about
/// to be retired, an access token that expires within ``expiryNotice`` and that Pacer cannot renew.
/// pacerd writes them to the journal at start and reload; `pacerd --check-config` prints them,
/// so `pacer doctor` shows them.
public enum ChannelWarnings {
    /// How long before a known expiry the warning starts.
    public static let expiryNotice: TimeInterval = 7 * 86_400

    /// The warnings about channel `channel` with `settings` at `now`; a credential that cannot be
    /// read gives none here (publishing reports it).
    public static func of(channel: String, settings: ChannelSettings, credentials: CredentialStore, now: Date) -> [String] {
        switch settings {
        case .linkedin(let linkedin):
            return [LinkedInVersion.warning(linkedin.version, channel: channel, now: now),
                    expiry(channel: channel, platform: "LinkedIn", renewsTokens: false, credential: linkedin.credential, credentials: credentials, now: now)].compactMap { $0 }
        case .x(let x):
            return [expiry(channel: channel, platform: "X", renewsTokens: true, credential: x.credential, credentials: credentials, now: now)].compactMap { $0 }
        case .outbox, .command, .webhook, .mastodon, .bluesky:
            return []
        }
    }

    /// A warning when the token of `credential` expires within ``expiryNotice`` of `now` and will
    /// not be renewed: the channel does not renew tokens (`renewsTokens`), or this one lacks what renewal needs.
    private static func expiry(channel: String, platform: String, renewsTokens: Bool, credential: String, credentials: CredentialStore,
                               now: Date) -> String? {
        guard let token = try? credentials.oauthCredential(named: credential).token, !(renewsTokens && token.isRenewable),
              let expiresAt = token.expiresAt, expiresAt <= now.addingTimeInterval(expiryNotice)
        else { return nil }
        let when = expiresAt <= now ? "expired at \(ISOInstant.format(expiresAt))" : "expires at \(ISOInstant.format(expiresAt)) (\(remaining(from: now, to: expiresAt)))"
        return "channel \(channel): the \(platform) access token in credential \"\(credential)\" \(when); "
            + "run pacer auth \(channel) --force\(expiresAt <= now ? "" : " before then")"
    }

    /// "in 3 days", "in 5 hours", "in 12 minutes".
    private static func remaining(from now: Date, to instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince(now))
        let (count, unit) = seconds >= 86_400 ? (seconds / 86_400, "day") : seconds >= 3600 ? (seconds / 3600, "hour") : (max(1, seconds / 60), "minute")
        return "in \(count) \(unit)\(count == 1 ? "" : "s")"
    }
}
