import Foundation
import PacerProtocol
import Testing

/// The `--json` output of every read command and of `add`, against golden files (`Golden/*.json`):
/// the schema `docs/json.md` documents. Instants, the pid, the version and paths vary from run
/// to run and are replaced by placeholders before comparing.
/// After an intended change: `PACER_UPDATE_GOLDEN=1 swift test --filter JSONGoldenTests`.
@Suite(.timeLimit(.minutes(2)))
struct JSONGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Replaces what differs between runs with stable placeholders.
    static func normalised(_ json: String, root: String) -> String {
        var text = json.replacingOccurrences(of: root, with: "<root>")
        let patterns: [(String, String)] = [
            (#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, "<instant>"),
            (#""pid" : \d+"#, #""pid" : "<pid>""#),
            (#""version" : "[^"]*""#, #""version" : "<version>""#),
            (#""started_at" : "<instant>""#, #""started_at" : "<instant>""#),
            (#"next [A-Z][a-z]{2} \d\d:\d\d"#, "next <local time>"),
        ]
        for (pattern, replacement) in patterns {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    private func check(_ harness: DaemonHarness, _ name: String, _ arguments: [String]) throws {
        let result = try harness.run(DaemonHarness.binDirectory.appendingPathComponent("pacer").path, arguments + ["--json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let output = Self.normalised(result.stdout, root: harness.root.path)
        let file = Self.golden.appendingPathComponent("\(name).json")
        if ProcessInfo.processInfo.environment["PACER_UPDATE_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(output == expected, "pacer \(arguments.joined(separator: " ")) --json differs from Golden/\(name).json:\n\(output)")
    }

    @Test func everyJSONOutputMatchesItsSchema() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            timezone = "UTC"

            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            min_gap = "2h"
            max_per_day = 3

            [[channel]]
            name = "x"
            kind = "outbox"
            max_length = 40
            """)
        let file = harness.root.appendingPathComponent("post.md")
        try Data("+++\nchannels = [\"outbox\", \"x\"]\ntitle = \"Golden\"\ntags = [\"json\"]\n[text]\nx = \"Short for x\"\n+++\nThe golden post, published first.\n".utf8).write(to: file)
        try check(harness, "add", ["add", "--file", file.path])
        try harness.wait(seconds: 10, for: "post 1 published on both channels") {
            try harness.pacerJSON(PostView.self, "show", "1").deliveries.allSatisfy { $0.state == .published }
        }
        try check(harness, "add-deferred", ["add", "A second post, deferred by min_gap", "--at", "2099-01-01T09:00:00Z"])
        _ = try harness.pacer("add", "--draft", "A draft about golden files")
        try check(harness, "show", ["show", "1"])
        try check(harness, "list", ["list"])
        try check(harness, "drafts", ["drafts"])
        try check(harness, "plan", ["plan"])
        try check(harness, "history", ["history"])
        try check(harness, "channels", ["channels"])
        try check(harness, "status", ["status"])
        try check(harness, "move", ["move", "2", "--at", "2099-01-02T09:00:00Z"])
    }
}
