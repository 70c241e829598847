import Foundation

/// Resolves what `pacer add --at` accepts into one instant.
public enum When {
    /// What `pacer add --at` accepts: any timestamp (systemd syntax or ISO 8601), else a calendar
    /// expression meaning its next elapse after `now`.
    ///
    /// When the text is neither, the error is the one of the reading that got further.
    public static func resolve(_ text: String, now: Date, timeZone: TimeZone) throws(TimeSyntaxError) -> Date {
        let timestampError: TimeSyntaxError
        do {
            return try Timestamp.parse(text, now: now, timeZone: timeZone)
        } catch {
            timestampError = error
        }
        let spec: CalendarSpec
        do {
            spec = try CalendarSpec.parse(text)
        } catch {
            let best = error.column > timestampError.column ? error : timestampError
            throw TimeSyntaxError(
                subject: "time", input: text, column: best.column,
                expected: "\(best.expected) (a timestamp such as +2h or 2026-12-01 09:00, or a calendar expression such as Tue 08:30)")
        }
        guard let next = spec.nextElapse(after: now, in: timeZone) else {
            throw TimeSyntaxError(
                subject: "time", input: text, column: 1,
                expected: "a calendar expression that elapses after now (\(spec.normalized) never does)")
        }
        return next
    }
}
