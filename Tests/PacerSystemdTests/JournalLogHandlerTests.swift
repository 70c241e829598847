import Foundation
import Logging
import PacerSystemd
import Testing

private let journalctl = "/usr/bin/journalctl"

extension ProcessWideStateTests {
    /// Round trips through a real journald: write with `JournalLogHandler`, read with `journalctl`.
    /// Runs only where journald listens (CI starts one; see SYSTEMD-IN-CI.md) and is reported as
    /// skipped elsewhere.
    @Suite(.enabled(
        if: SystemdLogging.journalSocketIsReachable() && FileManager.default.isExecutableFile(atPath: journalctl),
        "needs a running systemd-journald and journalctl"
    ))
    struct JournalLogHandlerTests {
        /// The entries with `TEST_RUN_ID=runID`, polled for up to five seconds until `count` are there.
        private func entries(runID: String, count: Int) async throws -> [[String: Any]] {
            var found: [[String: Any]] = []
            for _ in 0..<50 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: journalctl)
                process.arguments = ["--no-pager", "-o", "json", "TEST_RUN_ID=\(runID)"]
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = FileHandle.nullDevice
                try process.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                found = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
                    try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                }
                if found.count >= count { return found }
                try await Task.sleep(for: .milliseconds(100))
            }
            return found
        }

        @Test func entryCarriesMessagePriorityIdentifierCodeLocationAndFields() async throws {
            let runID = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let logger = Logger(label: "test") { _ in JournalLogHandler(identifier: "pacer-test", metadataProvider: nil) }
            let line = #line + 1
            logger.warning("published post 3", metadata: ["test_run_id": "\(runID)", "post_id": "3", "message_id": "0f3a1c2b4d5e6f708192a3b4c5d6e7f8"])
            let entries = try await entries(runID: runID, count: 1)
            let entry = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(entry["MESSAGE"] as? String == "published post 3")
            #expect(entry["PRIORITY"] as? String == "4")
            #expect(entry["SYSLOG_IDENTIFIER"] as? String == "pacer-test")
            #expect(entry["CODE_LINE"] as? String == String(line))
            #expect((entry["CODE_FILE"] as? String)?.hasSuffix("JournalLogHandlerTests.swift") == true)
            #expect((entry["CODE_FUNC"] as? String)?.hasPrefix("entryCarriesMessagePriorityIdentifierCodeLocationAndFields") == true)
            #expect(entry["POST_ID"] as? String == "3")
            #expect(entry["MESSAGE_ID"] as? String == "0f3a1c2b4d5e6f708192a3b4c5d6e7f8")
        }

        @Test func multilineValuesAndArraysSurviveIntact() async throws {
            let runID = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let logger = Logger(label: "test") { _ in JournalLogHandler(identifier: "pacer-test", metadataProvider: nil) }
            logger.info("first line\nsecond line", metadata: [
                "test_run_id": "\(runID)", "tags": ["a", "b"], "http": ["status": "503"],
            ])
            let entry = try #require(try await entries(runID: runID, count: 1).first)
            #expect(entry["MESSAGE"] as? String == "first line\nsecond line")
            #expect(entry["PRIORITY"] as? String == "6")
            #expect(entry["TAGS"] as? [String] == ["a", "b"])
            #expect(entry["HTTP_STATUS"] as? String == "503")
        }

        @Test func entriesCanBeFoundByACustomField() async throws {
            let runID = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            var logger = Logger(label: "test") { _ in JournalLogHandler(identifier: "pacer-test", metadataProvider: nil) }
            logger[metadataKey: "test_run_id"] = "\(runID)"
            logger.info("one", metadata: ["channel": "outbox"])
            logger.debug("below the level: not written")
            logger.error("two", metadata: ["channel": "mastodon"])
            let entries = try await entries(runID: runID, count: 2)
            #expect(entries.compactMap { $0["MESSAGE"] as? String }.sorted() == ["one", "two"])
            #expect(entries.compactMap { $0["CHANNEL"] as? String }.sorted() == ["mastodon", "outbox"])
        }
    }
}
