import Foundation
import PacerProtocol
import Testing

/// When a journald socket exists, pacerd's entries carry the structured fields.
@Suite(.timeLimit(.minutes(2)))
struct JournalTests {
    static let journalAvailable = FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")

    @Test(.enabled(if: journalAvailable, "no journald socket at /run/systemd/journal/socket"))
    func publishedEntriesCarryPostChannelAndMessageID() throws {
        let harness = try DaemonHarness(logTarget: "journal")
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "journal me")
        try harness.wait(seconds: 10, for: "published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let pid = try harness.pacerJSON(StatusView.self, "status").pid
        var entries: [[String: String]] = []
        try harness.wait(seconds: 10, for: "journal entries of post \(post.id)") {
            let result = try harness.run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "_PID=\(pid)", "POST_ID=\(post.id)"])
            entries = result.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }.map { $0.compactMapValues { $0 as? String } }
            return entries.contains { $0["EVENT"] == "published" }
        }
        let published = try #require(entries.first { $0["EVENT"] == "published" })
        #expect(published["CHANNEL"] == "outbox")
        #expect(published["SYSLOG_IDENTIFIER"] == "pacerd")
        #expect(published["MESSAGE_ID"] == "6ff9b333d51c45cea60e8a3b3402db1f")
        #expect(published["DELIVERY_ID"] != nil)
        #expect(published["PRIORITY"] == "6")
        #expect(published["CODE_FILE"] != nil)
        #expect(entries.contains { $0["EVENT"] == "queued" })
    }
}
