import Foundation
import Testing
import PacerChannels
import PacerCore
@testable import PacerDaemon

/// The configuration is validated completely, and every error names the file and the line.
struct ConfigLoaderTests {
    let loader = ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: "/home/me/.local/share/pacer/outbox")

    func refusal(_ text: String) -> ConfigError? {
        do {
            _ = try loader.parse(text, file: "config.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func theShippedDefaultIsValidAndHasTheOutboxChannel() throws {
        let config = try loader.parse(DefaultConfig.text, file: "Config/pacer.toml")
        #expect(config.channels.count == 1)
        let outbox = try #require(config.channel(named: "outbox"))
        #expect(outbox.kind == .outbox)
        #expect(outbox.isDefault)
        #expect(outbox.rules.minGap == TimeSpan(seconds: 7200))
        #expect(outbox.rules.maxPerDay == 2)
        #expect(outbox.settings == .outbox(directory: "/home/me/.local/share/pacer/outbox"))
        #expect(config.defaultChannels == ["outbox"])
    }

    @Test func theEmbeddedDefaultIsConfigPacerTomlWordForWord() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/pacer.toml")
        #expect(try String(contentsOf: file, encoding: .utf8) == DefaultConfig.text)
    }

    @Test func everyChannelExampleInTheDefaultIsValidOnceUncommented() throws {
        let examples = DefaultConfig.text.components(separatedBy: "# ── More channels")[1]
        let uncommented = examples.split(separator: "\n")
            .filter { $0.hasPrefix("# [[channel]]") || $0.range(of: "^# [a-z_]+ = ", options: .regularExpression) != nil }
            .map { $0.dropFirst(2) }.joined(separator: "\n")
        let config = try loader.parse(uncommented, file: "examples.toml")
        #expect(config.channels.map(\.kind) == [.mastodon, .bluesky, .linkedin, .x, .webhook, .command])
        #expect(config.channel(named: "x")?.rules.maxPerDay == nil)
        #expect(config.channel(named: "x")?.maxLength == 280, "the kind's own limit is the default")
    }

    @Test func aChannelMissingARequiredKeyNamesIt() {
        let error = refusal("[[channel]]\nname = \"m\"\nkind = \"mastodon\"\nbase_url = \"https://mastodon.social\"\n")
        #expect(error?.problem.contains("credential is required") == true, "\(String(describing: error))")
        let insecure = refusal("[[channel]]\nname = \"m\"\nkind = \"mastodon\"\nbase_url = \"http://example.com\"\ncredential = \"t\"\n")
        #expect(insecure?.line == 4, "\(String(describing: insecure))")
    }

    @Test func zonesAndPathsAreResolved() throws {
        let config = try loader.parse("""
            timezone = "Europe/Berlin"
            [[channel]]
            name = "a"
            kind = "outbox"
            path = "/srv/out"
            [[channel]]
            name = "b"
            kind = "outbox"
            timezone = "Asia/Kathmandu"
            """, file: "config.toml")
        #expect(config.timeZone.identifier == "Europe/Berlin")
        #expect(config.channel(named: "a")?.rules.timeZone.identifier == "Europe/Berlin")
        #expect(config.channel(named: "b")?.rules.timeZone.identifier == "Asia/Kathmandu")
        #expect(config.channel(named: "a")?.settings == .outbox(directory: "/srv/out"))
        #expect(config.defaultChannels == [])
    }

    @Test(arguments: [
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\nmin_gap = \"2 fortnights\"\n", 4, "min_gap"),
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\nmax_per_day = 0\n", 4, "at least 1"),
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\nmax_per_day = \"two\"\n", 4, "whole number"),
        ("[[channel]]\nname = \"x\"\nkind = \"telegraph\"\n", 3, "kind \"telegraph\" is not one of"),
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\nmax_per_dya = 2\n", 4, "did you mean max_per_day?"),
        ("timezone = \"Mars/Olympus\"\n[[channel]]\nname = \"x\"\nkind = \"outbox\"\n", 1, "not a known IANA time zone"),
        ("[[channel]]\nname = \"x y\"\nkind = \"outbox\"\n", 2, "may only contain"),
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\n[[channel]]\nname = \"x\"\nkind = \"outbox\"\n", 5, "already defined"),
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\npath = \"relative/dir\"\n", 4, "absolute path"),
        ("[[channel]]\nname = \"x\"\nkind = \"outbox\"\ndefault = \"yes\"\n", 4, "true or false"),
        ("[[channel]]\nkind = \"outbox\"\n", 1, "has no name"),
        ("colour = \"blue\"\n[[channel]]\nname = \"x\"\nkind = \"outbox\"\n", 1, "unknown key colour"),
        ("[[channel]\nname = 1\n", 1, "expected ']'"),
    ])
    func invalidValuesNameTheLine(text: String, line: Int, problem: String) throws {
        let error = try #require(refusal(text), "accepted: \(text)")
        #expect(error.line == line, "\(error)")
        #expect(error.description.hasPrefix("config.toml:\(line)"), "\(error)")
        #expect(error.problem.contains(problem), "\(error)")
    }

    @Test func aFileWithoutChannelsIsRefused() {
        #expect(refusal("")?.problem.contains("no [[channel]]") == true)
    }

    @Test func unreadableFilesSayWhy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ConfigError.self) { try loader.load(path: directory.appendingPathComponent("absent.toml").path) }
        do {
            _ = try loader.load(path: directory.path)
            Issue.record("a directory was accepted")
        } catch {
            #expect(error.problem.contains("is a directory"))
        }
        let huge = directory.appendingPathComponent("huge.toml")
        try Data(repeating: UInt8(ascii: "#"), count: ConfigLoader.maxFileBytes + 1).write(to: huge)
        do {
            _ = try loader.load(path: huge.path)
            Issue.record("a huge file was accepted")
        } catch {
            #expect(error.problem.contains("larger than"))
        }
    }
}
