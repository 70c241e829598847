import Foundation

/// Reads one timestamp, following systemd 252's `parse_timestamp()` step by step, then ISO 8601.
struct TimestampParser {
    let bytes: [UInt8]
    let now: Int64
    let zone: TimeZone

    static let example = "a timestamp such as 2026-12-01 09:00, 09:00, tomorrow, +2h or @1767225600"

    init(text: String, now: Int64, zone: TimeZone) {
        self.bytes = Array(text.utf8)
        self.now = now
        self.zone = zone
    }

    func parse() -> Result<Int64, SyntaxFailure> {
        var end = bytes.count
        var zone = self.zone
        var namedZone = false
        // A trailing IANA zone name (systemd forks with $TZ set); " UTC" is handled below.
        if let space = bytes.lastIndex(of: 0x20),
            let named = ZoneName.zone(named: String(decoding: bytes[(space + 1)...], as: UTF8.self)),
            !hasSuffixIgnoringCase(" UTC", end: end)
        {
            zone = named
            namedZone = true
            end = space
        } else if let (offset, rest) = trailingOffset() {
            // What newer systemd reads and 252 refuses: a UTC offset after a space
            // (`… +01:00`, `… -06`, `… +0200`) or a `Z` (`todayZ`). The rest is read in that offset.
            guard let fixed = TimeZone(secondsFromGMT: offset) else {
                return .failure(SyntaxFailure(offset: rest, expected: "a UTC offset within ±18:00"))
            }
            zone = fixed
            namedZone = true
            end = rest
        }
        let systemd = parseSystemd(end: end, zone: zone, namedZone: namedZone)
        guard case .failure(let failure) = systemd else { return systemd }
        if let iso = ISO8601Reader(bytes: bytes, end: end, rules: ZoneRules.of(zone)).read() {
            return iso
        }
        return .failure(failure)
    }

    private func parseSystemd(end fullEnd: Int, zone: TimeZone, namedZone: Bool) -> Result<Int64, SyntaxFailure> {
        var end = fullEnd
        if !namedZone {
            if bytes.first == UInt8(ascii: "@") {
                return SpanReader.read(bytes, from: 1, to: end, defaultUnit: SpanUnit.second).flatMap { value in
                    value < UInt64(Int64.max)
                        ? .success(Int64(value)) : .failure(SyntaxFailure(offset: 1, expected: "a finite number of seconds"))
                }
            }
            if equals("now", end: end) { return finish(now, plus: 0, minus: 0) }
            if bytes.first == UInt8(ascii: "+") {
                return SpanReader.read(bytes, from: 1, to: end, defaultUnit: SpanUnit.second).flatMap { finish(now, plus: $0, minus: 0) }
            }
            if bytes.first == UInt8(ascii: "-") {
                return SpanReader.read(bytes, from: 1, to: end, defaultUnit: SpanUnit.second).flatMap { finish(now, plus: 0, minus: $0) }
            }
            if hasSuffix(" ago", end: end) {
                return SpanReader.read(bytes, from: 0, to: end - 4, defaultUnit: SpanUnit.second).flatMap { finish(now, plus: 0, minus: $0) }
            }
            if hasSuffix(" left", end: end) {
                return SpanReader.read(bytes, from: 0, to: end - 5, defaultUnit: SpanUnit.second).flatMap { finish(now, plus: $0, minus: 0) }
            }
        }
        var utc = false
        if !namedZone && hasSuffixIgnoringCase(" UTC", end: end) {
            utc = true
            end -= 4
        }
        var clock = WallClock(rules: ZoneRules.of(zone), isUTC: utc)
        var tm = clock.localTime(now >= 0 ? now / 1_000_000 : (now - 999_999) / 1_000_000)
        tm.isDST = -1
        for (word, shift) in [("today", 0), ("yesterday", -1), ("tomorrow", 1)] where equals(word, end: end) {
            tm.day += shift
            tm.hour = 0
            tm.minute = 0
            tm.second = 0
            return fromFields(&tm, micros: 0, weekday: nil, clock: &clock)
        }
        var start = 0
        var weekday: Int?
        for (index, name) in Weekday.timestampNames.enumerated() {
            let lower = Array(name.lowercased().utf8)
            if StrptimeFormat.matchesLowercased(bytes, 0, end, lower[...]), lower.count < end, bytes[lower.count] == 0x20 {
                weekday = Weekday.timestampNumbers[index]
                start = lower.count + 1
                break
            }
        }
        var furthest = SyntaxFailure(offset: start, expected: Self.example)
        for (format, zeroTime, zeroSeconds) in StrptimeFormat.systemdOrder {
            var candidate = tm
            switch format.apply(bytes, from: start, to: end, to: &candidate) {
            case .failure(let failure):
                if failure.offset > furthest.offset { furthest = failure }
            case .success(let stop):
                var micros: Int64 = 0
                if stop < end {
                    guard format.endsWithSeconds, bytes[stop] == UInt8(ascii: ".") else {
                        if stop > furthest.offset {
                            furthest = SyntaxFailure(offset: stop, expected: "the end of the timestamp")
                        }
                        continue
                    }
                    var q = stop + 1
                    guard let fraction = FractionReader.read(bytes, &q, end), q == end else {
                        return .failure(SyntaxFailure(offset: q, expected: "digits of a fraction of a second"))
                    }
                    micros = Int64(fraction)
                }
                if zeroTime {
                    candidate.hour = 0
                    candidate.minute = 0
                }
                if zeroSeconds { candidate.second = 0 }
                return fromFields(&candidate, micros: micros, weekday: weekday, clock: &clock)
            }
        }
        return .failure(furthest)
    }

    private func fromFields(_ tm: inout BrokenDownTime, micros: Int64, weekday: Int?, clock: inout WallClock) -> Result<Int64, SyntaxFailure> {
        if let weekday, tm.weekday != weekday {
            return .failure(SyntaxFailure(offset: 0, expected: "a weekday that matches the date"))
        }
        guard let seconds = clock.makeTime(&tm), seconds >= 0 else {
            return .failure(SyntaxFailure(offset: 0, expected: "a time after 1970-01-01"))
        }
        let value = seconds * 1_000_000 + micros
        guard value <= Timestamp.latest else {
            return .failure(SyntaxFailure(offset: 0, expected: "a time before 9999-12-31"))
        }
        return finish(value, plus: 0, minus: 0)
    }

    private func finish(_ base: Int64, plus: UInt64, minus: UInt64) -> Result<Int64, SyntaxFailure> {
        let latest = UInt64(Timestamp.latest)
        guard base >= 0, plus <= latest, UInt64(base) + plus <= latest else {
            return .failure(SyntaxFailure(offset: 0, expected: "a time before 9999-12-31"))
        }
        let sum = UInt64(base) + plus
        guard sum >= minus else {
            return .failure(SyntaxFailure(offset: 0, expected: "a time after 1970-01-01"))
        }
        return .success(Int64(sum - minus))
    }

    /// A UTC offset ending the text, in seconds east, and where the text before it ends: `Z`
    /// right after the timestamp, or after a space `+HH`, `-HH`, `+HHMM` or `+HH:MM` (hours 0-23,
    /// minutes 0-59). A text that is only a relative span (`+2h`) has no space and is not one.
    private func trailingOffset() -> (seconds: Int, end: Int)? {
        guard let last = bytes.last else { return nil }
        if last == UInt8(ascii: "Z"), bytes.count > 1, bytes[bytes.count - 2] != 0x20 {
            return (0, bytes.count - 1)
        }
        guard let space = bytes.lastIndex(of: 0x20), space > 0 else { return nil }
        let token = Array(bytes[(space + 1)...])
        guard let sign = token.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        var digits = Array(token.dropFirst())
        if digits.count == 5, digits[2] == UInt8(ascii: ":") { digits.remove(at: 2) }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy(SpanReader.isDigit) else { return nil }
        let number = digits.map { Int($0 - 0x30) }
        let hours = number[0] * 10 + number[1]
        let minutes = digits.count == 4 ? number[2] * 10 + number[3] : 0
        guard hours < 24, minutes < 60 else { return nil }
        let seconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        return (seconds, space)
    }

    private func equals(_ word: String, end: Int) -> Bool {
        end == word.utf8.count && bytes[..<end].elementsEqual(word.utf8)
    }

    private func hasSuffix(_ suffix: String, end: Int) -> Bool {
        let s = Array(suffix.utf8)
        return end >= s.count && bytes[(end - s.count)..<end].elementsEqual(s)
    }

    private func hasSuffixIgnoringCase(_ suffix: String, end: Int) -> Bool {
        let s = Array(suffix.lowercased().utf8)
        return end >= s.count && StrptimeFormat.matchesLowercased(bytes, end - s.count, end, s[...])
    }
}

/// systemd's `parse_fractional_part_u(…, 6, …)`: at least one digit; six are kept, the seventh
/// rounds, the rest are skipped.
enum FractionReader {
    static func read(_ bytes: [UInt8], _ p: inout Int, _ end: Int) -> UInt32? {
        var value: UInt32 = 0
        var q = p
        var taken = 0
        while taken < 6 {
            guard q < end, SpanReader.isDigit(bytes[q]) else {
                if taken == 0 { return nil }
                while taken < 6 { value *= 10; taken += 1 }
                break
            }
            value = value * 10 + UInt32(bytes[q] - 0x30)
            q += 1
            taken += 1
        }
        if q < end, bytes[q] >= UInt8(ascii: "5"), bytes[q] <= UInt8(ascii: "9") { value += 1 }
        while q < end, SpanReader.isDigit(bytes[q]) { q += 1 }
        p = q
        return value
    }
}
