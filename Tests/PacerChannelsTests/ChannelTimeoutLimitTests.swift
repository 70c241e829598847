import PacerCore
import Testing
@testable import PacerChannels

/// A channel's `timeout` is at most 60 s, so that stopping pacerd, which waits for the call in
/// flight, ends within systemd's `TimeoutStopSec=90s` (issue 21, item 11).
struct ChannelTimeoutLimitTests {
    @Test func sixtySecondsIsAccepted() throws {
        #expect(try WebhookSettings(url: "https://hooks.example/p", timeout: TimeSpan(seconds: 60)).timeout == TimeSpan(seconds: 60))
        #expect(try CommandSettings(argv: ["x"], timeout: TimeSpan(seconds: 60)).timeout == TimeSpan(seconds: 60))
    }

    @Test func moreThanSixtySecondsIsRefusedNamingTheKeyAndTheLimit() {
        #expect {
            try WebhookSettings(url: "https://hooks.example/p", timeout: TimeSpan(seconds: 61))
        } throws: { error in
            guard let error = error as? ChannelSettingsError else { return false }
            return error.key == "timeout" && error.message.contains("at most 1min") && error.message.contains("TimeoutStopSec")
        }
        #expect(throws: ChannelSettingsError.self) { try CommandSettings(argv: ["x"], timeout: TimeSpan(seconds: 600)) }
        #expect(throws: ChannelSettingsError.self) { try MastodonSettings(baseURL: "https://m.example", credential: "t", timeout: TimeSpan(seconds: 120)) }
    }
}
