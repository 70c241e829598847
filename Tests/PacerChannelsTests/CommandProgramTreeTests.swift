import Foundation
import Testing
@testable import PacerChannels

/// A command program's own exit decides its outcome, and nothing it started outlives it
/// (issue 21, item 6). Part of the serialized `CommandPublisherTests`, whose scripts these share.
extension CommandPublisherTests {
    /// A `sleep` that names itself uniquely, so that a leftover is found by its command line.
    func marker() -> String { "1000.\(UInt32.random(in: 1...999_999))" }

    /// The pids the script wrote to `pids.txt`, one a line.
    func recordedPIDs() throws -> [Int32] {
        try String(contentsOfFile: directory + "/pids.txt", encoding: .utf8).split(whereSeparator: \.isNewline).compactMap { Int32($0) }
    }

    /// Whether a process `sleep <marker>` still exists (alive; a zombie has no command line).
    func sleeperRuns(_ marker: String) -> Bool {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.contains { pid in
            guard let line = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { return false }
            return line.split(separator: "\0").map(String.init) == ["sleep", marker]
        }
    }

    /// Kills what a failing test left behind, checking its command line first so that a reused pid is spared.
    func killLeftovers(_ marker: String) {
        for pid in (try? recordedPIDs()) ?? [] {
            if let line = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8), line.contains(marker) { kill(pid, SIGKILL) }
        }
    }

    @Test func exitZeroIsPublishedAtOnceWhileABackgroundChildHoldsTheOutputOpen() async throws {
        let marker = marker()
        defer { killLeftovers(marker) }
        let path = try script("detaches", """
            sleep \(marker) &
            echo $! > "$(dirname "$0")/pids.txt"
            echo https://example.com/posted
            exit 0
            """)
        let outcome = try await publisher([path], timeout: 3).publish(publication(), now: testNow)
        #expect(outcome == .published(url: "https://example.com/posted", externalID: nil, status: 0))
        #expect(!sleeperRuns(marker))
    }

    @Test func theExitStatusDecidesAFailureWhileABackgroundChildHoldsTheOutputOpen() async throws {
        let marker = marker()
        defer { killLeftovers(marker) }
        let path = try script("fails-detached", """
            sleep \(marker) &
            echo $! > "$(dirname "$0")/pids.txt"
            echo 'error: rejected' >&2
            exit 3
            """)
        let outcome = try await publisher([path], timeout: 3).publish(publication(), now: testNow)
        #expect(outcome == .failed(reason: "\(path) exited with 3: error: rejected", status: 3))
    }

    @Test func nothingAProgramStartedOutlivesItsExit() async throws {
        let marker = marker()
        defer { killLeftovers(marker) }
        // One child in the program's group, one in a session of its own, and one whose parent
        // left at once (a double fork): the last two are beyond a group kill.
        let path = try script("daemonizes", """
            pids="$(dirname "$0")/pids.txt"
            sleep \(marker) >/dev/null 2>&1 &
            echo $! >> "$pids"
            setsid sleep \(marker) >/dev/null 2>&1 &
            echo $! >> "$pids"
            ( setsid sh -c 'echo $$ >> "$1"; exec sleep \(marker)' sh "$pids" >/dev/null 2>&1 & )
            while [ "$(wc -l < "$pids")" -lt 3 ]; do sleep 0.01; done
            exit 0
            """)
        let outcome = try await publisher([path], timeout: 10).publish(publication(), now: testNow)
        #expect(outcome == .published(url: nil, externalID: nil, status: 0))
        let pids = try recordedPIDs()
        #expect(pids.count == 3)
        #expect(!sleeperRuns(marker))
        // Reaped too: no zombie is left for each of them.
        for pid in pids {
            #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "process \(pid) is left")
        }
    }

    @Test func nothingAProgramStartedOutlivesItsTimeout() async throws {
        let marker = marker()
        defer { killLeftovers(marker) }
        let path = try script("hangs", """
            setsid sleep \(marker) >/dev/null 2>&1 &
            echo $! > "$(dirname "$0")/pids.txt"
            sleep \(marker)
            """)
        let outcome = try await publisher([path], timeout: 1).publish(publication(), now: testNow)
        #expect(outcome.isUnknown, "\(outcome)")
        #expect(outcome.reason.contains("did not finish within"))
        #expect(!sleeperRuns(marker))
        for pid in try recordedPIDs() {
            #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "process \(pid) is left")
        }
    }
}
