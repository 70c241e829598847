import Foundation
import Testing

/// `pacer timestamp` prints instants from whole microseconds, as systemd keeps them: a `Date`'s
/// binary fraction printed `.52` as `.519` and `00:00:01.001` as `.000`, with `unix` 1.0010000467300415.
struct TimestampOutputTests {
    private struct Printed: Decodable, Equatable {
        var input: String
        var instant: String
        var unix: Double
    }

    @Test func fractionsOfASecondArePrintedExactly() throws {
        let harness = try DaemonHarness()
        let pacer = DaemonHarness.binDirectory.appendingPathComponent("pacer").path
        let inputs = ["1985-04-12T23:20:50.52Z", "1970-01-01T00:00:01.001Z", "2026-12-08T09:00:00.000001Z", "2026-12-08T09:00:00Z"]
        let json = try harness.run(pacer, ["timestamp"] + inputs + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let printed = try JSONDecoder().decode([Printed].self, from: Data(json.stdout.utf8))
        #expect(printed.map(\.instant) == inputs.map { $0.replacingOccurrences(of: ".000Z", with: "Z") })
        #expect(printed.map(\.unix) == [482196050.52, 1.001, 1796720400.000001, 1796720400])
        #expect(json.stdout.contains("\"unix\" : 1.001\n"), "\(json.stdout)")
        let human = try harness.run(pacer, ["timestamp", inputs[0]])
        #expect(human.stdout.contains("UNIX seconds: @482196050.520000"), "\(human.stdout)")
    }
}
