import Foundation
import PacerProtocol
import Testing

/// URLs reach people (`pacer channels`, `pacer config check`, the journal) with scheme, host, port
/// and path only: a webhook's query token is shown as `?…` (issue 21, item 11); and a channel's
/// `timeout` above 1min is refused naming the key.
@Suite(.timeLimit(.minutes(2)))
struct ShownURLTests {
    @Test func pacerChannelsShowsAWebhookURLWithoutItsQuery() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "hook"
            kind = "webhook"
            default = true
            url = "https://hooks.example:8443/p?token=abc"
            """)
        let views = try harness.pacerJSON([ChannelView].self, "channels")
        #expect(views.first?.rules["url"] == "https://hooks.example:8443/p?…")
        let human = try harness.pacer("channels")
        #expect(human.status == 0)
        #expect(human.stdout.contains("https://hooks.example:8443/p?…"), "\(human.stdout)")
        for text in [human.stdout, human.stderr, try harness.pacer("channels", "--json").stdout, harness.log] {
            #expect(!text.contains("token=abc"), "\(text)")
        }
    }

    @Test func configCheckNamesARefusedURLWithoutItsQueryAndALongTimeoutByItsKey() throws {
        let harness = try DaemonHarness()
        let file = harness.root.appendingPathComponent("check.toml").path
        try "[[channel]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://hooks.example/p?token=abc\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let plain = try harness.pacer("config", "check", file)
        #expect(plain.status == 65)
        #expect(plain.stderr.contains("https://hooks.example/p?…") && !plain.stderr.contains("token=abc"), "\(plain.stderr)")
        try "[[channel]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"https://hooks.example/p\"\ntimeout = \"10min\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let slow = try harness.pacer("config", "check", file)
        #expect(slow.status == 65)
        #expect(slow.stderr.contains("timeout") && slow.stderr.contains("at most 1min"), "\(slow.stderr)")
    }
}
