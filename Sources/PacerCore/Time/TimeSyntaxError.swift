/// A piece of time syntax (a time span, a timestamp or a calendar expression) that could not be read.
///
/// The error names the input, the 1-based column (in characters) where reading stopped, and what
/// was expected there, so that a person can fix the text without reading the grammar.
public struct TimeSyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text that was given, unchanged.
    public let input: String
    /// The 1-based column (counted in characters) at which the text stopped making sense.
    public let column: Int
    /// What would have been accepted at `column`, in words.
    public let expected: String
    /// What kind of text this was meant to be: "time span", "timestamp", "calendar expression"…
    public let subject: String

    /// Creates an error for `input` that stops making sense at `column` (1-based).
    public init(subject: String, input: String, column: Int, expected: String) {
        self.subject = subject
        self.input = input
        self.column = column
        self.expected = expected
    }

    /// `invalid time span "1x": at column 2, expected a unit such as s, min, h, d`
    public var description: String {
        "invalid \(subject) \"\(input)\": at column \(column), expected \(expected)"
    }
}

extension TimeSyntaxError {
    /// Builds an error whose column is given as a UTF-8 offset into `input`.
    static func at(
        utf8Offset offset: Int, in input: String, subject: String, expected: String
    ) -> TimeSyntaxError {
        let bytes = Array(input.utf8)
        let clamped = min(max(offset, 0), bytes.count)
        let column = String(decoding: bytes[..<clamped], as: UTF8.self).count + 1
        return TimeSyntaxError(subject: subject, input: input, column: column, expected: expected)
    }
}
