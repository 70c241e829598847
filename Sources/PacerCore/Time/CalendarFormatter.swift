/// systemd's `calendar_spec_to_string()`.
enum CalendarFormatter {
    static func format(_ spec: CalendarSpec) -> String {
        var out = ""
        if spec.weekdays > 0 && spec.weekdays <= 127 {
            out += weekdays(spec.weekdays)
            out += " "
        }
        out += chain(spec.year, width: 4, microseconds: false)
        out += "-"
        out += chain(spec.month, width: 2, microseconds: false)
        out += spec.endOfMonth ? "~" : "-"
        out += chain(spec.day, width: 2, microseconds: false)
        out += " "
        out += chain(spec.hour, width: 2, microseconds: false)
        out += ":"
        out += chain(spec.minute, width: 2, microseconds: false)
        out += ":"
        out += chain(spec.second, width: 2, microseconds: true)
        if spec.isUTC {
            out += " UTC"
        } else if let zone = spec.zoneName {
            out += " " + zone
        }
        return out
    }

    /// `Mon..Wed,Fri`: runs of three or more days as ranges, pairs as lists.
    private static func weekdays(_ bits: Int) -> String {
        var out = ""
        var runStart = -1
        func close(before x: Int) {
            if x > runStart + 1 {
                out += (x > runStart + 2 ? ".." : ",") + Weekday.short[x - 1]
            }
        }
        for x in 0..<7 {
            if bits & (1 << x) != 0 {
                if runStart < 0 {
                    if !out.isEmpty { out += "," }
                    out += Weekday.short[x]
                    runStart = x
                }
            } else if runStart >= 0 {
                close(before: x)
                runStart = -1
            }
        }
        if runStart >= 0 { close(before: 7) }
        return out
    }

    private static func chain(_ components: [CalendarSpec.Component]?, width: Int, microseconds: Bool) -> String {
        guard let components else { return "*" }
        let d = microseconds ? 1_000_000 : 1
        if microseconds, components.count == 1, components[0].start == 0, components[0].stop < 0, components[0].repeatEvery == d {
            return "*"
        }
        return components.map { c in
            var s = padded(c.start / d, width)
            if c.start % d > 0 { s += "." + padded(c.start % d, 6) }
            if c.stop > 0 { s += ".." + padded(c.stop / d, width) }
            if c.stop % d > 0 { s += "." + padded(c.stop % d, 6) }
            if c.repeatEvery > 0 && !(c.stop > 0 && c.repeatEvery == d) { s += "/\(c.repeatEvery / d)" }
            if c.repeatEvery % d > 0 { s += "." + padded(c.repeatEvery % d, 6) }
            return s
        }.joined(separator: ",")
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
