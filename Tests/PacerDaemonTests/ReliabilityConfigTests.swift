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
        #expect(TOMLGuard.firstProblem(in: text) == nil)
    }

    /// TOMLKit hands strings over as C strings: a `\u0000` escape would cut the value short unseen.
    @Test(arguments: [
        ("url = \"https://a\\u0000evil\"\n", 1, 17),
        ("[[channel]]\nname = \"x\"\nnote = \"\"\"\nok\n\\U00000000\"\"\"\n", 5, 1),
    ])
    func aNULEscapeIsAnErrorNotACutValue(text: String, line: Int, column: Int) {
        do {
            _ = try loader.parse(text, file: "config.toml")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("config.toml:\(line):\(column)"), "\(error.description)")
            #expect(error.description.contains("NUL"))
        }
    }

    @Test func aNULEscapeInALiteralStringIsText() {
        #expect(TOMLGuard.firstProblem(in: "note = 'C:\\u0000'\nother = \"\\\\u0000\"\n") == nil)
    }
}
