/// The few `strptime(3)` formats systemd tries when reading a timestamp, interpreted as glibc
/// does: numbers skip leading blanks and take at most their width of digits, a blank in the
/// format matches any run of blanks, month names are English and case-insensitive.
struct StrptimeFormat {
    enum Field {
        case year4, year2, month, day, hour, minute, second, monthName, space
        case literal(UInt8)
    }

    let fields: [Field]
    /// Whether a `.fraction` may follow (formats ending in seconds).
    let endsWithSeconds: Bool
    /// Whether the format sets a date, so that glibc recomputes the weekday.
    let setsDate: Bool

    /// The formats of systemd 252's `parse_timestamp()`, in its order, with the fields that
    /// the format leaves out set to zero afterwards.
    static let systemdOrder: [(format: StrptimeFormat, zeroTime: Bool, zeroSeconds: Bool)] = [
        (StrptimeFormat("%y-%m-%d %H:%M:%S"), false, false),
        (StrptimeFormat("%Y-%m-%d %H:%M:%S"), false, false),
        // The `T` forms newer systemd reads (`Thu 1970-01-01T00:01 UTC`; 252 left them to ISO 8601).
        (StrptimeFormat("%y-%m-%dT%H:%M:%S"), false, false),
        (StrptimeFormat("%Y-%m-%dT%H:%M:%S"), false, false),
        (StrptimeFormat("%b %d %H:%M:%S"), false, false),
        (StrptimeFormat("%y-%m-%d %H:%M"), false, true),
        (StrptimeFormat("%Y-%m-%d %H:%M"), false, true),
        (StrptimeFormat("%y-%m-%dT%H:%M"), false, true),
        (StrptimeFormat("%Y-%m-%dT%H:%M"), false, true),
        (StrptimeFormat("%y-%m-%d"), true, true),
        (StrptimeFormat("%Y-%m-%d"), true, true),
        (StrptimeFormat("%H:%M:%S"), false, false),
        (StrptimeFormat("%H:%M"), false, true),
    ]

    init(_ pattern: String) {
        var fields: [Field] = []
        var bytes = Array(pattern.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "%"), let spec = bytes.popFirst() {
                switch spec {
                case UInt8(ascii: "Y"): fields.append(.year4)
                case UInt8(ascii: "y"): fields.append(.year2)
                case UInt8(ascii: "m"): fields.append(.month)
                case UInt8(ascii: "d"): fields.append(.day)
                case UInt8(ascii: "H"): fields.append(.hour)
                case UInt8(ascii: "M"): fields.append(.minute)
                case UInt8(ascii: "S"): fields.append(.second)
                default: fields.append(.monthName)
                }
            } else if byte == UInt8(ascii: " ") {
                fields.append(.space)
            } else {
                fields.append(.literal(byte))
            }
        }
        self.fields = fields
        endsWithSeconds = pattern.hasSuffix("%S")
        setsDate = pattern.contains("%d")
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ].map { Array($0.utf8) }

    /// Applies the format to `bytes[start..<end]`, updating `tm`; returns where it stopped, or
    /// the failure (offset and what was expected there).
    func apply(_ bytes: [UInt8], from start: Int, to end: Int, to tm: inout BrokenDownTime) -> Result<Int, SyntaxFailure> {
        var p = start
        for field in fields {
            switch field {
            case .space:
                while p < end, Self.isSpace(bytes[p]) { p += 1 }
            case .literal(let byte):
                guard p < end, bytes[p] == byte else {
                    return .failure(SyntaxFailure(offset: p, expected: "\"\(Character(UnicodeScalar(byte)))\""))
                }
                p += 1
            case .monthName:
                guard let month = Self.monthName(bytes, &p, end) else {
                    return .failure(SyntaxFailure(offset: p, expected: "a month name such as Jan"))
                }
                tm.month = month
            case .year4:
                guard let v = Self.number(bytes, &p, end, 0, 9999, 4) else { return .failure(Self.digits(p, "a year")) }
                tm.year = v
            case .year2:
                guard let v = Self.number(bytes, &p, end, 0, 99, 2) else { return .failure(Self.digits(p, "a year")) }
                tm.year = 1900 + (v >= 69 ? v : v + 100)
            case .month:
                guard let v = Self.number(bytes, &p, end, 1, 12, 2) else { return .failure(Self.digits(p, "a month 1…12")) }
                tm.month = v - 1
            case .day:
                guard let v = Self.number(bytes, &p, end, 1, 31, 2) else { return .failure(Self.digits(p, "a day 1…31")) }
                tm.day = v
            case .hour:
                guard let v = Self.number(bytes, &p, end, 0, 23, 2) else { return .failure(Self.digits(p, "an hour 0…23")) }
                tm.hour = v
            case .minute:
                guard let v = Self.number(bytes, &p, end, 0, 59, 2) else { return .failure(Self.digits(p, "a minute 0…59")) }
                tm.minute = v
            case .second:
                guard let v = Self.number(bytes, &p, end, 0, 61, 2) else { return .failure(Self.digits(p, "a second 0…59")) }
                tm.second = v
            }
        }
        if setsDate {
            let days = Civil.days(year: tm.year, month: tm.month + 1, day: 1) + Int64(tm.day) - 1
            tm.weekday = Int(((days % 7) + 11) % 7)
        }
        return .success(p)
    }

    private static func digits(_ offset: Int, _ what: String) -> SyntaxFailure {
        SyntaxFailure(offset: offset, expected: what)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// glibc's `get_number`: blanks, then up to `width` digits (fewer once another would exceed
    /// `high`), then a range check.
    private static func number(_ bytes: [UInt8], _ p: inout Int, _ end: Int, _ low: Int, _ high: Int, _ width: Int) -> Int? {
        var q = p
        while q < end, isSpace(bytes[q]) { q += 1 }
        guard q < end, SpanReader.isDigit(bytes[q]) else { p = q; return nil }
        var value = 0
        var left = width
        repeat {
            value = value * 10 + Int(bytes[q] - 0x30)
            q += 1
            left -= 1
        } while left > 0 && value * 10 <= high && q < end && SpanReader.isDigit(bytes[q])
        guard value >= low && value <= high else { return nil }
        p = q
        return value
    }

    private static func monthName(_ bytes: [UInt8], _ p: inout Int, _ end: Int) -> Int? {
        for (index, name) in monthNames.enumerated() {
            for length in [name.count, 3] where matchesLowercased(bytes, p, end, name[..<length]) {
                p += length
                return index
            }
        }
        return nil
    }

    static func matchesLowercased(_ bytes: [UInt8], _ p: Int, _ end: Int, _ lower: ArraySlice<UInt8>) -> Bool {
        guard end - p >= lower.count else { return false }
        var i = p
        for byte in lower {
            let b = bytes[i]
            let folded = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
            if folded != byte { return false }
            i += 1
        }
        return true
    }
}
