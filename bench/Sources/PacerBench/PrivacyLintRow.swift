import PacerCore

/// Row 9: the privacy lint on the texts that made its former regular expressions backtrack (each
/// held pacerd's engine queue for 17 to 31 s), at 10,000 and 100,000 characters: the time of the
/// worst shape, and how it grows.
enum PrivacyLintRow {
    nonisolated(unsafe) private static var sink = 0

    /// The shapes, about `size` characters each.
    private static func shapes(size: Int) -> [(name: String, text: String)] {
        func repeated(_ unit: String) -> String { String(repeating: unit, count: size / unit.count) }
        return [
            ("`a…a@`", repeated("a") + "@"),
            ("`1 A-A-…`", "1 " + repeated("A-")),
            ("digits", repeated("7")),
            ("`0 12 12 …`", "0" + repeated(" 12")),
            ("`a@a@…`", repeated("a@")),
            ("`Ab-Ab-…`", repeated("Ab-")),
        ]
    }

    static func run() -> [BenchmarkRow] {
        let runs = 7
        let small = shapes(size: 10_000), large = shapes(size: 100_000)
        var worst: (name: String, large: Double, growth: Double) = ("", 0, 0)
        var figures: [String] = []
        for index in small.indices {
            let samples = interleavedSamples([small[index].text, large[index].text], runs: runs) { text in
                sink &+= PrivacyLint.findings(in: text).count
            }
            let time = median(samples[1])
            let growth = medianRatio(samples[1], samples[0])
            figures.append("\(large[index].name) \(milliseconds(time))")
            if time > worst.large { worst = (large[index].name, time, growth) }
        }
        if sink == 42 { print("") }  // keeps the measured work from being optimised away
        return [
            BenchmarkRow(
                number: "9", measure: "privacy lint, the worst of six backtracking shapes at 100,000 characters",
                figure: "\(worst.name) \(milliseconds(worst.large))" + String(format: " (100k÷10k = %.1f)", worst.growth),
                target: "≤ 100 ms; linear (100k÷10k ≤ 13)", met: worst.large <= 100e6 && worst.growth <= 13,
                command: "`pacer-bench` in process, median of \(runs) runs, the two sizes taking turns",
                evidence: "Every shape at 100,000 characters: " + figures.joined(separator: ", ") + "."),
        ]
    }
}
