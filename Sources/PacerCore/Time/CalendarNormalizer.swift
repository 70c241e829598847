/// systemd's `calendar_spec_normalize()` and `calendar_spec_valid()`.
enum CalendarNormalizer {
    typealias Component = CalendarSpec.Component

    static let firstYear = 1970
    static let lastYear = 2199

    static func normalize(_ spec: inout CalendarSpec) {
        if spec.zoneName == "UTC" {
            spec.isUTC = true
            spec.zoneName = nil
        }
        if spec.weekdays <= 0 || spec.weekdays >= 127 { spec.weekdays = -1 }
        if spec.endOfMonth && spec.day == nil { spec.endOfMonth = false }
        spec.year = spec.year.map { $0.map(fixYear) }
        spec.year = normalize(spec.year)
        spec.month = normalize(spec.month)
        spec.day = normalize(spec.day)
        spec.hour = normalize(spec.hour)
        spec.minute = normalize(spec.minute)
        spec.second = normalize(spec.second)
    }

    /// Two-digit years: 0…69 are 2000…2069, 70…99 are 1970…1999.
    private static func fixYear(_ c: Component) -> Component {
        func fix(_ v: Int) -> Int {
            if v >= 0 && v < 70 { return v + 2000 }
            if v >= 70 && v < 100 { return v + 1900 }
            return v
        }
        return Component(start: fix(c.start), stop: fix(c.stop), repeatEvery: c.repeatEvery)
    }

    /// Ranges cut to their last reachable value, steps that never fire dropped, list sorted and
    /// de-duplicated.
    private static func normalize(_ chain: [Component]?) -> [Component]? {
        guard let chain else { return nil }
        var items = chain.map { item -> Component in
            var c = item
            if c.stop > c.start && c.repeatEvery > 0 {
                c.stop -= (c.stop - c.start) % c.repeatEvery
            }
            if (c.stop > c.start && c.repeatEvery > 0 && c.start + c.repeatEvery > c.stop) || c.start == c.stop {
                c.repeatEvery = 0
                c.stop = -1
            }
            return c
        }
        if items.count > 1 {
            items.sort()
            var unique: [Component] = []
            for item in items where unique.last != item { unique.append(item) }
            items = unique
        }
        return items
    }

    /// Why the expression can never be valid, or nil when it is.
    static func validate(_ spec: CalendarSpec) -> String? {
        if !valid(spec.year, firstYear, lastYear, endOfMonth: false) { return "years within \(firstYear)…\(lastYear)" }
        if !valid(spec.month, 1, 12, endOfMonth: false) { return "months within 1…12" }
        if !valid(spec.day, 1, 31, endOfMonth: spec.endOfMonth) {
            return spec.endOfMonth ? "days counted from the month's end within 1…28" : "days within 1…31"
        }
        if !valid(spec.hour, 0, 23, endOfMonth: false) { return "hours within 0…23" }
        if !valid(spec.minute, 0, 59, endOfMonth: false) { return "minutes within 0…59" }
        if !valid(spec.second, 0, 60 * 1_000_000 - 1, endOfMonth: false) { return "seconds within 0…59.999999" }
        return nil
    }

    /// systemd's `chain_valid()`, including its quirks (a repetition must fit at least once).
    private static func valid(_ chain: [Component]?, _ from: Int, _ upper: Int, endOfMonth: Bool) -> Bool {
        guard let chain else { return true }
        let to = endOfMonth ? upper - 3 : upper
        for c in chain {
            if c.start < from || c.start > to { return false }
            if c.repeatEvery > to - from { return false }
            if c.stop >= 0 {
                if c.stop < from || c.stop > to { return false }
                if c.start + c.repeatEvery > c.stop { return false }
            } else {
                if endOfMonth && c.start - c.repeatEvery < from { return false }
                if !endOfMonth && c.start + c.repeatEvery > to { return false }
            }
        }
        return true
    }
}
