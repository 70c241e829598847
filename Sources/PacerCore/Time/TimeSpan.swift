/// A length of time, read and written in systemd.time(7) "time span" syntax.
///
/// `90s`, `1h 30min`, `2weeks`, `1.5h`, `5min 10s`; a bare number means seconds. A month is
/// 30.44 days and a year 365.25 days, as in systemd. `infinity` is ``TimeSpan/infinity``.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in microseconds, never negative when parsed.
    public var microseconds: Int64

    /// A span of `microseconds` µs.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// A span of `seconds`, rounded to the nearest microsecond.
    public init(seconds: Double) {
        self.microseconds = Int64((seconds * 1_000_000).rounded())
    }

    /// The length in seconds.
    public var seconds: Double { Double(microseconds) / 1_000_000 }

    /// The span systemd spells `infinity`.
    public static let infinity = TimeSpan(microseconds: .max)

    /// Reads a time span such as `90s`, `1h 30min`, `2weeks` or `1.5h`, exactly as systemd's
    /// `parse_sec()` does (a bare number is seconds; several parts add up).
    public static func parse(_ text: String) throws(TimeSyntaxError) -> TimeSpan {
        let bytes = Array(text.utf8)
        switch SpanReader.read(bytes, from: 0, to: bytes.count, defaultUnit: SpanUnit.second) {
        case .success(let value):
            if value == SpanReader.infinity { return .infinity }
            guard value < UInt64(Int64.max) else {
                throw .at(utf8Offset: 0, in: text, subject: "time span", expected: "a shorter span")
            }
            return TimeSpan(microseconds: Int64(value))
        case .failure(let failure):
            throw .at(utf8Offset: failure.offset, in: text, subject: "time span", expected: failure.expected)
        }
    }

    /// The normalised systemd form, e.g. `1h 30min`, `1.500000s`, `500ms`, `0`, `infinity`
    /// (what `systemd-analyze timespan` prints as "Human:").
    public var description: String {
        if self == .infinity { return "infinity" }
        return SpanFormatter.format(UInt64(max(microseconds, 0)))
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool {
        lhs.microseconds < rhs.microseconds
    }
}

/// Microseconds per unit, as systemd defines them.
enum SpanUnit {
    static let microsecond: UInt64 = 1
    static let millisecond: UInt64 = 1_000
    static let second: UInt64 = 1_000_000
    static let minute: UInt64 = 60 * second
    static let hour: UInt64 = 60 * minute
    static let day: UInt64 = 24 * hour
    static let week: UInt64 = 7 * day
    static let month: UInt64 = 2_629_800 * second
    static let year: UInt64 = 31_557_600 * second

    /// Unit spellings in the order systemd tries them (first prefix match wins).
    static let spellings: [(name: [UInt8], value: UInt64)] = [
        ("seconds", second), ("second", second), ("sec", second), ("s", second),
        ("minutes", minute), ("minute", minute), ("min", minute),
        ("months", month), ("month", month), ("M", month),
        ("msec", millisecond), ("ms", millisecond), ("m", minute),
        ("hours", hour), ("hour", hour), ("hr", hour), ("h", hour),
        ("days", day), ("day", day), ("d", day),
        ("weeks", week), ("week", week), ("w", week),
        ("years", year), ("year", year), ("y", year),
        // The micro sign (U+00B5), and the Greek small letter mu (U+03BC) that newer systemd reads too.
        ("usec", microsecond), ("us", microsecond), ("\u{B5}s", microsecond), ("\u{3BC}s", microsecond),
    ].map { (Array($0.0.utf8), $0.1) }
}
