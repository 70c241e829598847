import Foundation

/// Instants written in systemd.time(7) "PARSING TIMESTAMPS" syntax, plus ISO 8601.
///
/// Accepted forms (`now` and the zone are arguments, nothing reads the clock):
/// - `now`, `today`, `yesterday`, `tomorrow` (midnight), `+2h`, `-5min`, `3h ago`, `10min left`;
/// - `@1767225600` (seconds since the epoch, fractions and units allowed as in systemd);
/// - `[Weekday] YYYY-MM-DD [HH:MM[:SS[.frac]]]`, `YY-MM-DD …`, `Mon DD HH:MM:SS` (e.g.
///   `Dec 01 09:00:00`), `HH:MM[:SS[.frac]]` (today); a weekday must match the date;
/// - a trailing ` UTC`, or a trailing IANA zone name such as ` Europe/Berlin`;
/// - ISO 8601: `2026-12-01T09:00`, `2026-12-01T09:00:00.5Z`, `2026-12-01T09:00+01:00`.
///
/// Wall-clock times are resolved like systemd (glibc `mktime`): a time that does not exist
/// because clocks went forward moves forward by the gap; one that exists twice follows glibc's
/// first guess (see `docs/time-syntax.md`).
public enum Timestamp {
    /// systemd's `USEC_TIMESTAMP_FORMATTABLE_MAX`: 9999-12-30 23:59:59 UTC, in microseconds.
    static let latest: Int64 = 253_402_214_399_000_000

    /// systemd "PARSING TIMESTAMPS" + ISO 8601 forms (`2026-12-01T09:00`, `…Z`, `…+01:00`)
    /// relative to `now` in `timeZone`.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws(TimeSyntaxError) -> Date {
        let micros = try parseMicroseconds(text, now: microseconds(of: now), timeZone: timeZone)
        return date(microseconds: micros)
    }

    /// ``parse(_:now:timeZone:)`` in whole microseconds since the epoch, without the rounding of
    /// `Date`'s floating-point seconds.
    public static func parseMicroseconds(_ text: String, now: Int64, timeZone: TimeZone) throws(TimeSyntaxError) -> Int64 {
        switch TimestampParser(text: text, now: now, zone: timeZone).parse() {
        case .success(let value): return value
        case .failure(let failure):
            throw .at(utf8Offset: failure.offset, in: text, subject: "timestamp", expected: failure.expected)
        }
    }

    /// Microseconds since the epoch of `date`, rounded down.
    public static func microseconds(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The `Date` of a count of microseconds since the epoch.
    public static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds / 1_000_000) + Double(microseconds % 1_000_000) / 1_000_000)
    }
}
