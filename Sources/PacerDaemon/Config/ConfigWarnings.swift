import Foundation
import PacerChannels

/// The warnings a valid configuration still deserves at `now` (``ChannelWarnings``): written to
/// the journal at start and reload (`config_warning`) and printed by `pacerd --check-config`.
public enum ConfigWarnings {
    /// Each channel's warnings, in the order of the file; credentials are found as pacerd finds them in `environment`.
    public static func of(_ config: DaemonConfig, environment: [String: String], now: Date) -> [(channel: String, text: String)] {
        let credentials = CredentialStore(environment: environment)
        return config.channels.flatMap { channel in
            ChannelWarnings.of(channel: channel.name, settings: channel.settings, credentials: credentials, now: now).map { (channel: channel.name, text: $0) }
        }
    }
}
