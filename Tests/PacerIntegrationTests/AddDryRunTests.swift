import Foundation
import PacerProtocol
import Testing

/// `pacer add --dry-run`: every rule checked and the plan shown, nothing stored.
@Suite(.timeLimit(.minutes(2)))
struct AddDryRunTests {
    @Test func aDryRunShowsThePlanAndStoresNothing() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            max_length = 40
            """)
        let human = try harness.pacer("add", "Is this one fine for tomorrow?", "--at", "+1d", "--dry-run")
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("Would queue it on outbox for "), "\(human.stdout)")
        #expect(human.stdout.contains("Dry run: nothing was stored."), "\(human.stdout)")

        let json = try harness.pacerJSON(PostView.self, "add", "Is this one fine for tomorrow?", "--at", "+1d", "--dry-run")
        #expect(json.id == 0)
        #expect(json.deliveries.first?.plannedAt != nil)

        let tooLong = try harness.pacer("add", String(repeating: "long words ", count: 10), "--dry-run")
        #expect(tooLong.status == 67, "a rule still refuses: \(tooLong.stderr)")
        #expect(try harness.pacerJSON([PostView].self, "list").isEmpty, "nothing was stored")
    }
}
