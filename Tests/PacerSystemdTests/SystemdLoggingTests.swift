import Glibc
import Logging
import PacerSystemd
import Testing

struct SystemdLoggingTests {
    private func environment(_ values: [String: String]) -> (String) -> String? {
        { values[$0] }
    }

    @Test func choosesTheJournalWhenItsSocketIsReachable() {
        #expect(SystemdLogging.target(environment: environment([:]), journalIsReachable: { true }) == .journal)
    }

    @Test func choosesStderrWhenNoJournalIsReachable() {
        #expect(SystemdLogging.target(environment: environment([:]), journalIsReachable: { false }) == .stderr)
    }

    @Test(arguments: [("journal", false, SystemdLogging.Target.journal), ("stderr", true, .stderr)])
    func overrideVariableWins(_ value: String, _ reachable: Bool, _ expected: SystemdLogging.Target) {
        let chosen = SystemdLogging.target(environment: environment(["PACER_LOG_TARGET": value]), journalIsReachable: { reachable })
        #expect(chosen == expected)
    }

    @Test(arguments: ["", "Journal", "syslog"])
    func unknownOverrideValuesFallBackToTheAutomaticChoice(_ value: String) {
        let env = environment(["PACER_LOG_TARGET": value])
        #expect(SystemdLogging.target(environment: env, journalIsReachable: { true }) == .journal)
        #expect(SystemdLogging.target(environment: env, journalIsReachable: { false }) == .stderr)
    }

    @Test func aBoundDatagramSocketIsReachable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = try UnixSocket(type: SOCK_DGRAM, boundTo: directory.path + "/socket")
        defer { socket.close() }
        #expect(SystemdLogging.journalSocketIsReachable(path: directory.path + "/socket"))
    }

    @Test func aStaleSocketFileIsNotReachable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = try UnixSocket(type: SOCK_DGRAM, boundTo: directory.path + "/socket")
        socket.close()
        #expect(access(directory.path + "/socket", F_OK) == 0)
        // A process forked by a concurrent test may hold a copy of the descriptor until it execs:
        // the socket is stale once every copy is closed, which takes at most a moment.
        var reachable = true
        for _ in 0..<100 where reachable {
            reachable = SystemdLogging.journalSocketIsReachable(path: directory.path + "/socket")
            if reachable { usleep(20_000) }
        }
        #expect(!reachable)
    }

    @Test func aMissingOrOverlongPathIsNotReachable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(!SystemdLogging.journalSocketIsReachable(path: directory.path + "/absent"))
        #expect(!SystemdLogging.journalSocketIsReachable(path: "/" + String(repeating: "x", count: 200)))
    }

    @Test func makesTheHandlerOfTheTargetAtTheLevel() {
        let journal = SystemdLogging.makeHandler(identifier: "pacerd", target: .journal, logLevel: .debug)
        #expect(journal is JournalLogHandler)
        #expect(journal.logLevel == .debug)
        let stderr = SystemdLogging.makeHandler(identifier: "pacerd", target: .stderr)
        #expect((stderr as? StderrLogHandler)?.fileDescriptor == StderrLogHandler.standardError)
        #expect(stderr.logLevel == .info)
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func mapsLevelsToSyslogPriorities(_ level: Logger.Level, _ priority: Int) {
        #expect(JournalLogHandler.syslogPriority(of: level) == priority)
    }
}
