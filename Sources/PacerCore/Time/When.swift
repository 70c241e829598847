import Foundation

/// Resolves what `pacer add --at` accepts into one instant.
public enum When {
    /// What `pacer add --at` accepts: any timestamp (systemd syntax or ISO 8601), else a calendar
    /// expression meaning its next elapse after `now`.
    ///
    /// `today`, `tomorrow` or `yesterday` followed by a time of day (`tomorrow 09:00`) is read as
    /// that time on that day, an extension systemd 252 does not have.
    ///
    /// When the text is neither, the error is the one of the reading that got further.
    public static func resolve(_ text: String, now: Date, timeZone: TimeZone) throws(TimeSyntaxError) -> Date {
        if let instant = try relativeDayAndTime(text, now: now, timeZone: timeZone) { return instant }
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

    /// `tomorrow 09:00` → 09:00 on the day `tomorrow` names; `nil` when the text is not of that form.
    private static func relativeDayAndTime(_ text: String, now: Date, timeZone: TimeZone) throws(TimeSyntaxError) -> Date? {
        let words = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard words.count == 2, ["today", "tomorrow", "yesterday"].contains(words[0]) else { return nil }
        let midnight = try Timestamp.parse(String(words[0]), now: now, timeZone: timeZone)
        let (year, month, day) = ZonedDay(containing: midnight, in: timeZone).civil
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let dated = "\(year)-\(pad(month))-\(pad(day)) \(words[1])"
        do {
            return try Timestamp.parse(dated, now: now, timeZone: timeZone)
        } catch {
            let offset = words[0].count + 1
            throw TimeSyntaxError(
                subject: error.subject, input: text, column: max(offset + 1, error.column - dated.count + text.count),
                expected: error.expected)
        }
    }
}
