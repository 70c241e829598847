import Foundation

/// `Tests/Support/process-reaper.py`, started once per test process: it kills the process groups
/// the tests started and had not stopped yet when the test process ends, however it ends (a
/// SIGKILL, a crash, a time limit), so nothing a test started outlives the test run.
///
/// Its stdin is a pipe whose write end only this process holds: the kernel closes it when this
/// process dies, and the reaper then kills every group still listed. It leads a process group of
/// its own, so a signal to the test runner's group does not end it before it has done its work.
final class ProcessReaper: Sendable {
    private let process: TestProcess

    private init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/process-reaper.py").standardized
        process = try TestProcess("python3", [script.path], environment: ProcessInfo.processInfo.environment,
                                  standardOutput: .discard, standardError: .discard, reaper: nil)
    }

    private static let started = Result(catching: { try ProcessReaper() })

    /// The test process's reaper, started at the first call.
    static func shared() throws -> ProcessReaper { try started.get() }

    /// From now on, `group` is killed if the test process ends before `forget(group:)`.
    func watch(group: pid_t) { tell("+\(group)\n") }

    /// `group` was stopped and reaped by its test.
    func forget(group: pid_t) { tell("-\(group)\n") }

    private func tell(_ line: String) {
        try? process.write(Data(line.utf8))
    }
}
