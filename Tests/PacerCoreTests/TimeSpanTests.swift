import Foundation
import Testing

@testable import PacerCore

@Suite struct TimeSpanTests {
    @Test(arguments: [
        ("90s", 90_000_000), ("1h 30min", 5_400_000_000), ("2weeks", 1_209_600_000_000),
        ("1.5h", 5_400_000_000), ("90", 90_000_000), ("30min", 1_800_000_000), ("1h 30m", 5_400_000_000),
        ("7d", 604_800_000_000), (".5s", 500_000), ("12 34", 46_000_000), ("+5s", 5_000_000),
        ("1y", 31_557_600_000_000), ("1M", 2_629_800_000_000), ("250ms", 250_000), ("3us", 3), ("3µs", 3), ("3\u{3BC}s", 3),
        ("1.0000001s", 1_000_000), ("  2 min  ", 120_000_000), ("1hr", 3_600_000_000),
    ] as [(String, Int64)])
    func readsSystemdSpans(text: String, microseconds: Int64) throws {
        #expect(try TimeSpan.parse(text).microseconds == microseconds)
    }

    @Test(arguments: [
        ("1x", 2), ("", 1), ("-5s", 1), ("5.s", 3), ("12.34.56", 6), ("1h x", 4), ("5secs", 5), ("abc", 1),
    ] as [(String, Int)])
    func refusesWithTheColumn(text: String, column: Int) {
        #expect(throws: TimeSyntaxError.self) { try TimeSpan.parse(text) }
        do {
            _ = try TimeSpan.parse(text)
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.input == text)
        }
    }

    @Test func errorDescriptionNamesInputColumnAndExpectation() {
        do {
            _ = try TimeSpan.parse("1x")
            Issue.record("accepted 1x")
        } catch {
            #expect(error.description == #"invalid time span "1x": at column 2, expected a unit such as s, min, h, d"#)
        }
    }

    @Test(arguments: [
        (90_000_000, "1min 30s"), (5_400_000_000, "1h 30min"), (1_500_000, "1.500000s"), (500_000, "500ms"),
        (0, "0"), (61_123_456, "1min 1.123456s"), (71_004_600_000_000, "2y 3month"), (1_234_567, "1.234567s"),
    ] as [(Int64, String)])
    func printsTheNormalisedForm(microseconds: Int64, text: String) {
        #expect(TimeSpan(microseconds: microseconds).description == text)
    }

    @Test func infinityRoundTrips() throws {
        #expect(try TimeSpan.parse("infinity") == .infinity)
        #expect(TimeSpan.infinity.description == "infinity")
    }

    @Test func secondsConvert() {
        #expect(TimeSpan(seconds: 1.5).microseconds == 1_500_000)
        #expect(TimeSpan(microseconds: 2_500_000).seconds == 2.5)
        #expect(TimeSpan(seconds: 1) < TimeSpan(seconds: 2))
    }
}
