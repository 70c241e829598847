import Foundation
import PacerProtocol
import Testing

/// Tables fit a narrow window (found trying the README's commands in a 60-column tmux): the last
/// column kept at least ten characters, so `pacer list` wrapped, and `pacer show` indented a
/// table made for the full width, so its timeline wrapped too.
@Suite(.timeLimit(.minutes(2)))
struct NarrowTerminalTests {
    @Test(arguments: [["list"], ["show", "1"], ["plan"], ["history"]])
    func everyLineFitsSixtyColumns(arguments: [String]) throws {
        let harness = try DaemonHarness()
        try harness.start()
        _ = try harness.pacerJSON(PostView.self, "add", "Shipped the new release notes today, with a long tail", "--at", "+1d")
        let pacer = DaemonHarness.binDirectory.appendingPathComponent("pacer").path
        let result = try harness.run(pacer, arguments, extraEnvironment: ["COLUMNS": "60"])
        #expect(result.status == 0, "\(result.stderr)")
        // Only table rows: the heatmap of `plan` and the text of `show` are not tables.
        let rows = result.stdout.split(separator: "\n").filter { $0.contains("  ") && ($0.contains("(in ") || $0.contains("WHEN") || $0.contains("POST")) }
        for row in rows { #expect(row.count <= 60, "\(arguments): \(row.count) columns: \(row)") }
    }
}
