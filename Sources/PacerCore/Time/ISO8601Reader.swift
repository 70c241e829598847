/// ISO 8601 / RFC 3339 date-times, which systemd 252 does not read: `2026-12-01T09:00`,
/// `2026-12-01T09:00:30.25Z`, `2026-12-01T09:00+01:00` (also `+0100`, `+01`, and a space in
/// place of `T` when an offset or `Z` follows). Without an offset the time is wall-clock time
/// in the zone, resolved like every other wall-clock time.
struct ISO8601Reader {
    let bytes: [UInt8]
    let end: Int
    let rules: ZoneRules

    /// The instant in microseconds, or nil when the text is not of this form; a malformed
    /// date or time of this form is a failure.
    func read() -> Result<Int64, SyntaxFailure>? {
        var p = 0
        guard let year = digits(&p, 4), expect(&p, "-"), let month = digits(&p, 2), expect(&p, "-"),
            let day = digits(&p, 2), p < end
        else { return nil }
        let separator = bytes[p]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20 else { return nil }
        p += 1
        guard let hour = digits(&p, 2), expect(&p, ":"), let minute = digits(&p, 2) else { return nil }
        var second = 0
        var micros: Int64 = 0
        if p < end, bytes[p] == UInt8(ascii: ":") {
            p += 1
            guard let s = digits(&p, 2) else { return nil }
            second = s
            if p < end, bytes[p] == UInt8(ascii: ".") || bytes[p] == UInt8(ascii: ",") {
                p += 1
                guard let fraction = FractionReader.read(bytes, &p, end) else { return nil }
                micros = Int64(fraction)
            }
        }
        let designator = readOffset(&p)
        if case .invalid = designator { return nil }
        guard p == end else { return nil }
        if case .absent = designator, separator == 0x20 { return nil }
        guard (1...12).contains(month), day >= 1, day <= Civil.daysIn(month: month, year: year) else {
            return .failure(SyntaxFailure(offset: 5, expected: "a date that exists"))
        }
        guard hour <= 23, minute <= 59, second <= 59 else {
            return .failure(SyntaxFailure(offset: 11, expected: "a time of day 00:00…23:59:59"))
        }
        let seconds: Int64
        if case .offset(let offset) = designator {
            seconds = Civil.secondsAsUTC(year: year, month0: month - 1, day: day, hour: hour, minute: minute, second: second) - Int64(offset)
        } else {
            var clock = WallClock(rules: rules, isUTC: false)
            var tm = BrokenDownTime(year: year, month: month - 1, day: day, hour: hour, minute: minute, second: second)
            guard let t = clock.makeTime(&tm) else { return nil }
            seconds = t
        }
        let value = seconds * 1_000_000 + micros
        guard value >= 0, value <= Timestamp.latest else {
            return .failure(SyntaxFailure(offset: 0, expected: "a time between 1970 and 9999"))
        }
        return .success(value)
    }

    private enum Designator {
        case absent, invalid
        case offset(Int)
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM`, as seconds east of UTC.
    private func readOffset(_ p: inout Int) -> Designator {
        guard p < end else { return .absent }
        if bytes[p] == UInt8(ascii: "Z") || bytes[p] == UInt8(ascii: "z") {
            p += 1
            return .offset(0)
        }
        guard bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") else { return .invalid }
        let sign = bytes[p] == UInt8(ascii: "-") ? -1 : 1
        var q = p + 1
        guard let hours = digits(&q, 2), hours <= 23 else { return .invalid }
        var minutes = 0
        if q < end {
            if bytes[q] == UInt8(ascii: ":") { q += 1 }
            guard let m = digits(&q, 2), m <= 59 else { return .invalid }
            minutes = m
        }
        p = q
        return .offset(sign * (hours * 3600 + minutes * 60))
    }

    private func digits(_ p: inout Int, _ count: Int) -> Int? {
        guard end - p >= count else { return nil }
        var value = 0
        for i in p..<(p + count) {
            guard SpanReader.isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        p += count
        return value
    }

    private func expect(_ p: inout Int, _ character: Unicode.Scalar) -> Bool {
        guard p < end, bytes[p] == UInt8(ascii: character) else { return false }
        p += 1
        return true
    }
}
