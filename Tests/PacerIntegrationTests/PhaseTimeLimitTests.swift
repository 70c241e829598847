import Foundation
import Testing

/// `Tests/Support/run-phase.sh`, which runs each phase of `make test` under a time limit: a phase
/// that stalls fails with a message naming it, and nothing it started keeps the output open
/// (issue 21, item 12).
@Suite(.timeLimit(.minutes(2)))
struct PhaseTimeLimitTests {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/run-phase.sh").standardized.path

    /// Runs the script; returns its status, stdout and stderr, read until every holder closed them.
    func runPhase(_ arguments: [String]) throws -> CommandResult {
        let phase = try TestProcess("/bin/bash", [script] + arguments, standardOutput: .pipe, standardError: .pipe)
        let stdout = phase.output!.readDataToEndOfFile()
        let stderr = phase.errors!.readDataToEndOfFile()
        return CommandResult(status: phase.waitUntilExit(), stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func aStalledPhaseIsKilledWithWhatItStartedAndFailsNamingIt() throws {
        // A stalled phase: a child in its group, and one that left it for a group of its own, all
        // holding the phase's stdout and stderr.
        let stalled = "sleep 300 & python3 -c 'import os, time; os.setpgid(0, 0); time.sleep(300)' & sleep 300"
        let started = Date()
        let result = try runPhase(["stalled-phase", "1", "/bin/sh", "-c", stalled])
        #expect(result.status != 0)
        #expect(result.stderr.contains("make test: phase stalled-phase did not finish within 1 s; killed"), "\(result.stderr)")
        #expect(result.stderr.contains("time.sleep(300)"), "the process that left the phase's group is named: \(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 60, "its output closed: nothing the phase started is left")
    }

    @Test func aPhaseThatEndsInTimeKeepsItsStatus() throws {
        let result = try runPhase(["quick-phase", "60", "/bin/sh", "-c", "echo done; exit 3"])
        #expect(result.status == 3)
        #expect(result.stdout == "done\n")
        #expect(!result.stderr.contains("make test:"), "\(result.stderr)")
    }
}
