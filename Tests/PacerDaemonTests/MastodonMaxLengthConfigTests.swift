import Foundation
import PacerChannels
import PacerCore
import Testing
@testable import PacerDaemon

/// A Mastodon channel's `max_length` reaches its publisher, which checks it at publish as `pacer
/// add` does (issue 22, item 5); without one the publisher keeps to the instance's limit.
struct MastodonMaxLengthConfigTests {
    let loader = ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: "/tmp/outbox")

    func settings(_ extra: String) throws -> MastodonSettings? {
        let config = try loader.parse("""
            [[channel]]
            name = "m"
            kind = "mastodon"
            base_url = "https://mastodon.social"
            credential = "t"
            \(extra)
            """, file: "config.toml")
        guard case .mastodon(let settings)? = config.channel(named: "m")?.settings else { return nil }
        return settings
    }

    @Test func aWrittenMaxLengthIsThePublishersLimit() throws {
        #expect(try settings("max_length = 1000")?.maxLength == 1000)
        #expect(try settings("")?.maxLength == nil, "unwritten: the instance's limit applies")
    }
}
