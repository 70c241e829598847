/// Where and why reading stopped: a UTF-8 offset into the whole input and what was expected.
struct SyntaxFailure: Error, Equatable {
    var offset: Int
    var expected: String
}

/// systemd's `parse_time()` over a byte range: numbers with optional fractions and units, summed.
enum SpanReader {
    /// systemd's `USEC_INFINITY`.
    static let infinity = UInt64.max

    static let unitHint = "a unit such as s, min, h, d"

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Reads `bytes[start..<end]` as a time span; a number without a unit counts as `defaultUnit` µs.
    static func read(
        _ bytes: [UInt8], from start: Int, to end: Int, defaultUnit: UInt64
    ) -> Result<UInt64, SyntaxFailure> {
        var p = start
        skipWhitespace(bytes, &p, end)
        if hasPrefix(bytes, p, end, Array("infinity".utf8)) {
            var q = p + 8
            skipWhitespace(bytes, &q, end)
            guard q == end else { return .failure(SyntaxFailure(offset: q, expected: "nothing after \"infinity\"")) }
            return .success(infinity)
        }
        var total: UInt64 = 0
        var something = false
        while true {
            skipWhitespace(bytes, &p, end)
            if p == end {
                guard something else { return .failure(SyntaxFailure(offset: p, expected: "a number such as 90s or 1h 30min")) }
                return .success(total)
            }
            if bytes[p] == UInt8(ascii: "-") {
                return .failure(SyntaxFailure(offset: p, expected: "a number that is not negative"))
            }
            // strtoll: an optional '+', then decimal digits.
            let numberStart = p
            var e = p
            if bytes[e] == UInt8(ascii: "+") { e += 1 }
            let digitsStart = e
            var whole: UInt64 = 0
            var overflow = false
            while e < end, isDigit(bytes[e]) {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(bytes[e] - 0x30))
                overflow = overflow || o1 || o2 || a > UInt64(Int64.max)
                whole = a
                e += 1
            }
            if e == digitsStart { e = numberStart }  // no conversion: strtoll leaves the pointer alone
            if overflow { return .failure(SyntaxFailure(offset: numberStart, expected: "a smaller number")) }
            let hasFraction = e < end && bytes[e] == UInt8(ascii: ".")
            if hasFraction {
                p = e + 1
                while p < end, isDigit(bytes[p]) { p += 1 }
            } else if e == numberStart {
                return .failure(SyntaxFailure(offset: numberStart, expected: "a number such as 90s or 1h 30min"))
            } else {
                p = e
            }
            var unitStart = p
            skipWhitespace(bytes, &unitStart, end)
            var multiplier = defaultUnit
            var s = unitStart
            for unit in SpanUnit.spellings where hasPrefix(bytes, unitStart, end, unit.name) {
                multiplier = unit.value
                s = unitStart + unit.name.count
                break
            }
            if s == p && s != end {
                return .failure(SyntaxFailure(offset: p, expected: unitHint))
            }
            p = s
            guard whole < infinity / multiplier else {
                return .failure(SyntaxFailure(offset: numberStart, expected: "a smaller number"))
            }
            let k = whole * multiplier
            guard k < infinity - total else {
                return .failure(SyntaxFailure(offset: numberStart, expected: "a smaller span"))
            }
            total += k
            something = true
            if hasFraction {
                var m = multiplier / 10
                var b = e + 1
                while b < end, isDigit(bytes[b]) {
                    let part = UInt64(bytes[b] - 0x30) * m
                    guard part < infinity - total else {
                        return .failure(SyntaxFailure(offset: numberStart, expected: "a smaller span"))
                    }
                    total += part
                    m /= 10
                    b += 1
                }
                if b == e + 1 {
                    return .failure(SyntaxFailure(offset: b, expected: "a digit after the decimal point"))
                }
            }
        }
    }

    static func skipWhitespace(_ bytes: [UInt8], _ p: inout Int, _ end: Int) {
        while p < end, isWhitespace(bytes[p]) { p += 1 }
    }

    static func hasPrefix(_ bytes: [UInt8], _ p: Int, _ end: Int, _ prefix: [UInt8]) -> Bool {
        guard end - p >= prefix.count else { return false }
        for (i, byte) in prefix.enumerated() where bytes[p + i] != byte { return false }
        return true
    }
}

/// systemd's `format_timespan(…, accuracy: 1µs)`.
enum SpanFormatter {
    private static let table: [(suffix: String, value: UInt64)] = [
        ("y", SpanUnit.year), ("month", SpanUnit.month), ("w", SpanUnit.week), ("d", SpanUnit.day),
        ("h", SpanUnit.hour), ("min", SpanUnit.minute), ("s", SpanUnit.second),
        ("ms", SpanUnit.millisecond), ("us", SpanUnit.microsecond),
    ]

    static func format(_ microseconds: UInt64) -> String {
        if microseconds == 0 { return "0" }
        var t = microseconds
        var parts: [String] = []
        for unit in table {
            if t == 0 { break }
            if t < unit.value { continue }
            let a = t / unit.value
            let b = t % unit.value
            if t < SpanUnit.minute && b > 0 {
                var digits = 0
                var c = unit.value
                while c > 1 { digits += 1; c /= 10 }
                if digits > 0 {
                    let fraction = String(b)
                    let padded = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
                    parts.append("\(a).\(padded)\(unit.suffix)")
                    t = 0
                    continue
                }
            }
            parts.append("\(a)\(unit.suffix)")
            t = b
        }
        return parts.joined(separator: " ")
    }
}
