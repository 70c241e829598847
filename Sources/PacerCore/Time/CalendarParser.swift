/// systemd 252's `calendar_spec_from_string()`: zone suffix, shorthand, weekdays, date (or
/// `@epoch`), time, then normalisation and the range checks.
struct CalendarParser {
    typealias Component = CalendarSpec.Component

    let bytes: [UInt8]

    init(text: String) {
        self.bytes = Array(text.utf8)
    }

    /// systemd's limit on list items (`CALENDARSPEC_COMPONENTS_MAX` + 1).
    static let maximumListItems = 241
    static let microsecondsPerSecond = 1_000_000

    func parse() -> Result<CalendarSpec, SyntaxFailure> {
        var spec = CalendarSpec()
        var end = bytes.count
        if end >= 4, StrptimeFormat.matchesLowercased(bytes, end - 4, end, Array(" utc".utf8)[...]) {
            spec.isUTC = true
            end -= 4
        } else if let space = bytes.lastIndex(of: 0x20) {
            let name = String(decoding: bytes[(space + 1)...], as: UTF8.self)
            if ZoneName.zone(named: name) != nil {
                spec.zoneName = name
                end = space
            }
        }
        if end == 0 {
            return .failure(SyntaxFailure(offset: 0, expected: "a calendar expression such as Mon..Fri 09:00 or daily"))
        }
        if let shorthand = Self.shorthand(String(decoding: bytes[..<end], as: UTF8.self)) {
            shorthand(&spec)
        } else {
            var p = 0
            if let failure = parseWeekdays(&p, end, &spec) { return .failure(failure) }
            switch parseDate(&p, end, &spec) {
            case .failure(let failure): return .failure(failure)
            case .success(let complete):
                if !complete, let failure = parseTime(&p, end, &spec) { return .failure(failure) }
            }
            if p != end { return .failure(SyntaxFailure(offset: p, expected: "the end of the expression")) }
        }
        CalendarNormalizer.normalize(&spec)
        if let problem = CalendarNormalizer.validate(spec) {
            return .failure(SyntaxFailure(offset: 0, expected: problem))
        }
        return .success(spec)
    }

    // MARK: Shorthands

    private static func shorthand(_ word: String) -> ((inout CalendarSpec) -> Void)? {
        func fixed(month: [Int]? = nil, day: Int? = nil, hour: Bool, minute: Bool, weekly: Bool = false) -> (inout CalendarSpec) -> Void {
            { spec in
                spec.month = month.map { $0.map { Component(start: $0) } }
                spec.day = day.map { [Component(start: $0)] }
                spec.hour = hour ? [Component(start: 0)] : nil
                spec.minute = minute ? [Component(start: 0)] : nil
                spec.second = [Component(start: 0)]
                if weekly { spec.weekdays = 1 }
            }
        }
        switch word.lowercased() {
        case "minutely": return fixed(hour: false, minute: false)
        case "hourly": return fixed(hour: false, minute: true)
        case "daily": return fixed(hour: true, minute: true)
        case "weekly": return fixed(hour: true, minute: true, weekly: true)
        case "monthly": return fixed(day: 1, hour: true, minute: true)
        case "annually", "yearly", "anually": return fixed(month: [1], day: 1, hour: true, minute: true)
        case "quarterly": return fixed(month: [1, 4, 7, 10], day: 1, hour: true, minute: true)
        case "biannually", "bi-annually", "semiannually", "semi-annually":
            return fixed(month: [1, 7], day: 1, hour: true, minute: true)
        default: return nil
        }
    }

    // MARK: Weekdays

    private func parseWeekdays(_ p: inout Int, _ end: Int, _ spec: inout CalendarSpec) -> SyntaxFailure? {
        var bits = 0
        var rangeStart = -1
        var first = true
        while true {
            var matched: Int?
            for (index, name) in Weekday.calendarNames.enumerated() {
                let lower = Array(name.lowercased().utf8)
                guard StrptimeFormat.matchesLowercased(bytes, p, end, lower[...]) else { continue }
                let after = p + lower.count
                if after < end && ![UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","), 0x20].contains(bytes[after]) {
                    return SyntaxFailure(offset: after, expected: "\",\", \"..\" or a space after a weekday")
                }
                let day = index / 2
                bits |= 1 << day
                if rangeStart >= 0 {
                    if rangeStart > day {
                        return SyntaxFailure(offset: p, expected: "a weekday range that runs forward, such as Mon..Fri")
                    }
                    for j in stride(from: rangeStart + 1, to: day, by: 1) { bits |= 1 << j }
                }
                p = after
                matched = day
                break
            }
            guard let day = matched else {
                if first { return nil }
                return SyntaxFailure(offset: p, expected: "a weekday such as Mon")
            }
            spec.weekdays = bits
            if p == end { return nil }
            if bytes[p] == 0x20 {
                while p < end, bytes[p] == 0x20 { p += 1 }
                return nil
            }
            if bytes[p] == UInt8(ascii: ".") {
                if rangeStart >= 0 { return SyntaxFailure(offset: p, expected: "a weekday, not a second range") }
                if p + 1 >= end || bytes[p + 1] != UInt8(ascii: ".") {
                    return SyntaxFailure(offset: p + 1, expected: "\"..\" between two weekdays")
                }
                rangeStart = day
                p += 2
            } else if bytes[p] == UInt8(ascii: "-") {
                if rangeStart >= 0 { return SyntaxFailure(offset: p, expected: "a weekday, not a second range") }
                rangeStart = day
                p += 1
            } else if bytes[p] == UInt8(ascii: ",") {
                rangeStart = -1
                p += 1
            }
            if p == end || bytes[p] == 0x20 {
                while p < end, bytes[p] == 0x20 { p += 1 }
                return rangeStart < 0 ? nil : SyntaxFailure(offset: p, expected: "the weekday that ends the range")
            }
            first = false
        }
    }

    // MARK: Date

    /// Reads `[[Y-]M-D]` or `@epoch`; `.success(true)` when `@epoch` made the expression complete.
    private func parseDate(_ p: inout Int, _ end: Int, _ spec: inout CalendarSpec) -> Result<Bool, SyntaxFailure> {
        var t = p
        if t == end { return .success(false) }
        if bytes[t] == UInt8(ascii: "@") {
            return parseEpoch(&p, end, &spec)
        }
        let first: [Component]?
        switch parseChain(&t, end, microseconds: false) {
        case .failure(let failure): return .failure(failure)
        case .success(let chain): first = chain
        }
        if t == end || bytes[t] == UInt8(ascii: ":") { return .success(false) }
        if bytes[t] == UInt8(ascii: "~") {
            spec.endOfMonth = true
        } else if bytes[t] != UInt8(ascii: "-") {
            return .failure(SyntaxFailure(offset: t, expected: "\"-\" or \"~\" between date fields, or \":\" in a time"))
        }
        t += 1
        let second: [Component]?
        switch parseChain(&t, end, microseconds: false) {
        case .failure(let failure): return .failure(failure)
        case .success(let chain): second = chain
        }
        if t == end || bytes[t] == 0x20 {
            while t < end, bytes[t] == 0x20 { t += 1 }
            p = t
            spec.month = first
            spec.day = second
            return .success(false)
        }
        if spec.endOfMonth {
            return .failure(SyntaxFailure(offset: t, expected: "a space after the day counted from the month's end"))
        }
        if bytes[t] == UInt8(ascii: "~") {
            spec.endOfMonth = true
        } else if bytes[t] != UInt8(ascii: "-") {
            return .failure(SyntaxFailure(offset: t, expected: "\"-\" or \"~\" between date fields"))
        }
        t += 1
        let third: [Component]?
        switch parseChain(&t, end, microseconds: false) {
        case .failure(let failure): return .failure(failure)
        case .success(let chain): third = chain
        }
        if t != end && bytes[t] != 0x20 {
            return .failure(SyntaxFailure(offset: t, expected: "a space between the date and the time"))
        }
        while t < end, bytes[t] == 0x20 { t += 1 }
        p = t
        spec.year = first
        spec.month = second
        spec.day = third
        return .success(false)
    }

    private func parseEpoch(_ p: inout Int, _ end: Int, _ spec: inout CalendarSpec) -> Result<Bool, SyntaxFailure> {
        var t = p + 1
        let digitsStart = t
        var value: Int64 = 0
        while t < end, SpanReader.isDigit(bytes[t]) {
            value = value &* 10 &+ Int64(bytes[t] - 0x30)
            if value > 67_767_976_233_316_800 {  // beyond gmtime's range
                return .failure(SyntaxFailure(offset: digitsStart, expected: "a smaller number of seconds"))
            }
            t += 1
        }
        if t == digitsStart { return .failure(SyntaxFailure(offset: t, expected: "seconds since the epoch after \"@\"")) }
        let tm = Civil.fields(of: value, offset: 0, isDST: 0)
        spec.isUTC = true
        spec.year = [Component(start: tm.year)]
        spec.month = [Component(start: tm.month + 1)]
        spec.day = [Component(start: tm.day)]
        spec.hour = [Component(start: tm.hour)]
        spec.minute = [Component(start: tm.minute)]
        spec.second = [Component(start: tm.second * Self.microsecondsPerSecond)]
        p = t
        return .success(true)
    }

    // MARK: Time

    private func parseTime(_ p: inout Int, _ end: Int, _ spec: inout CalendarSpec) -> SyntaxFailure? {
        var t = p
        if t == end {
            spec.hour = [Component(start: 0)]
            spec.minute = [Component(start: 0)]
            spec.second = [Component(start: 0)]
            return nil
        }
        switch parseChain(&t, end, microseconds: false) {
        case .failure(let failure): return failure
        case .success(let chain): spec.hour = chain
        }
        guard t < end, bytes[t] == UInt8(ascii: ":") else {
            return SyntaxFailure(offset: t, expected: "\":\" between hour and minute")
        }
        t += 1
        switch parseChain(&t, end, microseconds: false) {
        case .failure(let failure): return failure
        case .success(let chain): spec.minute = chain
        }
        if t == end {
            spec.second = [Component(start: 0)]
            p = t
            return nil
        }
        guard bytes[t] == UInt8(ascii: ":") else {
            return SyntaxFailure(offset: t, expected: "\":\" between minute and second, or the end")
        }
        t += 1
        switch parseChain(&t, end, microseconds: true) {
        case .failure(let failure): return failure
        case .success(let chain): spec.second = chain
        }
        guard t == end else {
            return SyntaxFailure(offset: t, expected: "the end of the expression after the seconds")
        }
        p = t
        return nil
    }

    // MARK: Lists

    /// `*`, or a comma-separated list of `start[..stop][/repeat]`.
    private func parseChain(_ p: inout Int, _ end: Int, microseconds: Bool) -> Result<[Component]?, SyntaxFailure> {
        if p < end, bytes[p] == UInt8(ascii: "*") {
            p += 1
            return .success(microseconds ? [Component(start: 0, repeatEvery: Self.microsecondsPerSecond)] : nil)
        }
        var items: [Component] = []
        while true {
            if items.count >= Self.maximumListItems {
                return .failure(SyntaxFailure(offset: p, expected: "at most \(Self.maximumListItems) list items"))
            }
            switch parseComponent(&p, end, microseconds: microseconds) {
            case .failure(let failure): return .failure(failure)
            case .success(let item): items.append(item)
            }
            guard p < end, bytes[p] == UInt8(ascii: ",") else { return .success(items) }
            p += 1
        }
    }

    private func parseComponent(_ p: inout Int, _ end: Int, microseconds: Bool) -> Result<Component, SyntaxFailure> {
        var e = p
        let unit = microseconds ? Self.microsecondsPerSecond : 1
        guard let start = parseDecimal(&e, end, microseconds: microseconds) else {
            return .failure(SyntaxFailure(offset: e, expected: microseconds ? "a number of seconds or \"*\"" : "a number or \"*\""))
        }
        var item = Component(start: start)
        if e + 1 < end, bytes[e] == UInt8(ascii: "."), bytes[e + 1] == UInt8(ascii: ".") {
            e += 2
            guard let stop = parseDecimal(&e, end, microseconds: microseconds) else {
                return .failure(SyntaxFailure(offset: e, expected: "the number that ends the range"))
            }
            item.stop = stop
            item.repeatEvery = unit
        }
        if e < end, bytes[e] == UInt8(ascii: "/") {
            e += 1
            guard let repeatEvery = parseDecimal(&e, end, microseconds: microseconds) else {
                return .failure(SyntaxFailure(offset: e, expected: "a repetition such as /15"))
            }
            guard repeatEvery != 0 else {
                return .failure(SyntaxFailure(offset: e - 1, expected: "a repetition greater than 0"))
            }
            item.repeatEvery = repeatEvery
        } else {
            if item.start > Int(Int32.max) - item.repeatEvery {
                return .failure(SyntaxFailure(offset: p, expected: "a smaller number"))
            }
            if microseconds && item.stop >= 0 && item.start + item.repeatEvery > item.stop {
                return .failure(SyntaxFailure(offset: p, expected: "a seconds range at least 1s long, or a repetition"))
            }
        }
        if e < end && ![0x20, UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "~"), UInt8(ascii: ":")].contains(bytes[e]) {
            return .failure(SyntaxFailure(offset: e, expected: "\",\", \"..\", \"/\" or the next field"))
        }
        p = e
        return .success(item)
    }

    /// A decimal number (with a fraction of up to six digits for seconds), as systemd's
    /// `parse_component_decimal()`; nil on failure, with `p` at the offending character.
    private func parseDecimal(_ p: inout Int, _ end: Int, microseconds: Bool) -> Int? {
        guard p < end, SpanReader.isDigit(bytes[p]) else { return nil }
        var value: UInt64 = 0
        var q = p
        var overflow = false
        while q < end, SpanReader.isDigit(bytes[q]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(bytes[q] - 0x30))
            overflow = overflow || o1 || o2
            value = a
            q += 1
        }
        if overflow { return nil }
        if microseconds {
            let (scaled, o) = value.multipliedReportingOverflow(by: UInt64(Self.microsecondsPerSecond))
            if o { return nil }
            value = scaled
            if q < end, bytes[q] == UInt8(ascii: "."), !(q + 1 < end && bytes[q + 1] == UInt8(ascii: ".")) {
                q += 1
                guard let fraction = FractionReader.read(bytes, &q, end) else { p = q; return nil }
                value += UInt64(fraction)
            }
        }
        guard value <= UInt64(Int32.max) else { return nil }
        p = q
        return Int(value)
    }
}
