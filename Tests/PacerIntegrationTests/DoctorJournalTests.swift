import Foundation
import PacerProtocol
import Testing

/// `pacer doctor` asks the running pacerd where it logs: it once answered `journal-reachable ok`
/// for a pacerd that wrote to stderr, whose entries no journal query could select.
@Suite(.timeLimit(.minutes(2)))
struct DoctorJournalTests {
    @Test func aPacerdLoggingToStderrFailsTheJournalCheck() throws {
        let harness = try DaemonHarness(logTarget: "stderr")
        try harness.start()
        #expect(try harness.pacerJSON(StatusView.self, "status").logTarget == "stderr")
        let doctor = try harness.pacer("doctor", "--json")
        let report = try JSONDecoder().decode(DoctorReport.self, from: Data(doctor.stdout.utf8))
        let journal = try #require(report.checks.first { $0.name == "journal-reachable" })
        #expect(journal.status == "fail")
        #expect(journal.detail.contains("writes its log to stderr, not to the journal"), "\(journal.detail)")
    }
}
