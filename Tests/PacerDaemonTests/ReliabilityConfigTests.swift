import Foundation
import Testing
@testable import PacerDaemon

/// What the reliability soak's parser fuzzing (`Tests/Reliability/soak.py`, fuzz-parsers) found:
/// a malformed table header crashed pacerd inside toml++.
struct ReliabilityConfigTests {
    let loader = ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: "/tmp/outbox")

    @Test(arguments: [
        ("[{cadence]\n", 1, 2),
        ("[[[channel]]\nname = \"x\"\n", 1, 3),
        ("timezone = \"UTC\"\n  [ ,x]\n", 2, 5),
        ("[\u{1e}[channel]]\n", 1, 2),
        ("# a comment\n[[ {channel]]\n", 2, 4),
    ])
    func aMalformedTableHeaderIsAnErrorNotACrash(text: String, line: Int, column: Int) {
        do {
            _ = try loader.parse(text, file: "config.toml")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("config.toml:\(line):\(column)"), "\(error.description)")
            #expect(error.description.contains("expected a table name"))
        }
    }

    @Test func bracketsInsideValuesAreNotHeaders() {
        let text = """
            title = '''
            [not a header
            '''
            note = "[{x]"
            list = [
              [1, 2],
              {a = 1},
            ]
            [[channel]]
            name = "outbox"
            """
        #expect(TOMLHeaderGuard.malformedHeader(in: text) == nil)
    }
}
