import Foundation
import Testing
import PacerChannels
import PacerCore
@testable import PacerDaemon

/// A webhook channel's `include_media` key (issue 25): read, false when absent, and a value that is
/// not a boolean refused on its line.
struct WebhookIncludeMediaConfigTests {
    let loader = ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: "/home/me/.local/share/pacer/outbox")

    func webhook(_ extra: String) throws -> WebhookSettings? {
        let config = try loader.parse("[[channel]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"https://hooks.example/p\"\n" + extra, file: "config.toml")
        guard case .webhook(let settings)? = config.channel(named: "hook")?.settings else { return nil }
        return settings
    }

    @Test func includeMediaIsReadAndFalseByDefault() throws {
        #expect(try webhook("include_media = true\n")?.includeMedia == true)
        #expect(try webhook("include_media = false\n")?.includeMedia == false)
        #expect(try webhook("")?.includeMedia == false)
    }

    @Test func anIncludeMediaThatIsNotABooleanIsRefusedOnItsLine() {
        #expect(throws: ConfigError(file: "config.toml", line: 5, column: nil, problem: "include_media must be true or false")) {
            _ = try webhook("include_media = \"yes\"\n")
        }
    }
}
