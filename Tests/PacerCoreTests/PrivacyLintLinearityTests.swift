import Testing
@testable import PacerCore

/// The privacy lint's work grows linearly with the text, whatever the text holds. Each shape below
/// made the regular expressions it replaced backtrack (`"a"` × 40,000 + `"@"` took 31 s on the
/// daemon's engine queue); the scanners count every character they read, so linearity is shown
/// by counting, not by a clock.
struct PrivacyLintLinearityTests {
    /// Texts of about `size` characters in the shapes that are worst for one pattern or another.
    static func hostileShapes(size: Int) -> [(name: String, text: String)] {
        func repeated(_ unit: String) -> String { String(repeating: unit, count: max(1, size / unit.count)) }
        return [
            ("local part without a domain", repeated("a") + "@"),
            ("house number and hyphenated capitals", "1 " + repeated("A-")),
            ("digits", repeated("7")),
            ("digits with a trunk zero", "0" + repeated("1")),
            ("spaced digit pairs", "0" + repeated(" 12")),
            ("at signs", repeated("a@")),
            ("plus signs and digits", repeated("+1 ")),
            ("IBAN heads", repeated("DE89 ")),
            ("card heads", repeated("4 1")),
            ("capitalised words after a number", "12 " + repeated("Abc ")),
            ("a German run without an ending", repeated("Ab-")),
            ("German endings without numbers", repeated("Hauptstraße ")),
            ("domain labels", "a@" + repeated("b.")),
            ("North American heads", repeated("(555) 1")),
        ]
    }

    /// Reads per character of text are bounded by a constant, at every size.
    @Test(arguments: hostileShapes(size: 20_000).map(\.name))
    func readsPerCharacterAreBounded(shape: String) {
        for size in [1_000, 10_000, 100_000] {
            let text = Self.hostileShapes(size: size).first { $0.name == shape }!.text
            let reads = PrivacyLint.scan(text).reads
            #expect(reads <= 64 * text.count, "\(shape), \(text.count) characters: \(reads) reads")
        }
    }

    /// Ten times the text is about ten times the work (a quadratic scan would be a hundred).
    @Test(arguments: hostileShapes(size: 20_000).map(\.name))
    func tenTimesTheTextIsAboutTenTimesTheWork(shape: String) {
        let small = Self.hostileShapes(size: 10_000).first { $0.name == shape }!.text
        let large = Self.hostileShapes(size: 100_000).first { $0.name == shape }!.text
        let ratio = Double(PrivacyLint.scan(large).reads) / Double(PrivacyLint.scan(small).reads)
        let lengths = Double(large.count) / Double(small.count)
        #expect(ratio <= lengths * 1.2, "\(shape): \(ratio)× the reads for \(lengths)× the text")
    }

    @Test func theHostileShapesStillFindWhatIsThere() {
        #expect(PrivacyLint.findings(in: String(repeating: "a", count: 40_000) + "@").isEmpty)
        #expect(PrivacyLint.findings(in: String(repeating: "x", count: 5_000) + " write to jane@example.com").map(\.kind) == [.email])
        #expect(PrivacyLint.findings(in: String(repeating: "Ab-", count: 3_000) + "Hauptstraße 5").map(\.kind) == [.streetAddress])
    }
}
