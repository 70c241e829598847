/// Converts wall-clock fields to instants the way glibc's `mktime(3)` does (or `timegm(3)` for
/// UTC), including its treatment of daylight-saving changes, because systemd's results depend on it:
///
/// - A time inside a spring-forward gap is moved forward by the size of the gap (read with the
///   offset in force before the change), e.g. 02:30 on a Berlin spring day becomes 03:30 CEST.
/// - A time that exists twice is read with the offset of the previous conversion when that offset
///   fits (glibc keeps it as its first guess), otherwise with the offset the search lands on.
/// - An explicit `isDST` of 0 or 1 that does not fit the instant borrows the offset of the nearest
///   time that has that flag, which moves the result by the daylight-saving amount.
///
/// Like glibc it remembers the offset of its last conversion; systemd's search relies on the order
/// of conversions, so one `WallClock` is used per search and never shared.
struct WallClock {
    let rules: ZoneRules
    let isUTC: Bool
    /// glibc's `localtime_offset`: the instant minus the fields read as UTC, last time.
    private var guess: Int64

    /// A clock for `rules`, or for UTC (`timegm`) when `isUTC` is set. `guess` is the
    /// `mktime` state to start from: 0 is that of a fresh process.
    init(rules: ZoneRules, isUTC: Bool, guess: Int64 = 0) {
        self.rules = isUTC ? .utc : rules
        self.isUTC = isUTC
        self.guess = guess
    }

    /// `localtime_r` (or `gmtime_r`).
    func localTime(_ seconds: Int64) -> BrokenDownTime {
        rules.localTime(seconds)
    }

    /// `mktime` (or `timegm`): normalises `tm` in place and returns its instant, or nil when glibc
    /// would fail (which needs absurd inputs).
    mutating func makeTime(_ tm: inout BrokenDownTime) -> Int64? {
        if isUTC {
            let t = tm.secondsAsUTC
            tm = rules.localTime(t)
            return t
        }
        let requestedSecond = tm.second
        let second = min(max(tm.second, 0), 59)
        let target = Civil.secondsAsUTC(
            year: tm.year, month0: tm.month, day: tm.day, hour: tm.hour, minute: tm.minute, second: second)
        let isDST = tm.isDST
        var t = target + guess
        var t1 = t
        var t2 = t
        var previousWasDST = false
        var probes = 6
        var local = rules.localTime(t)
        var found = false
        while true {
            let dt = target - local.secondsAsUTC
            if dt == 0 { break }
            let oscillating = t == t1 && t != t2
            if oscillating && (isDST < 0 ? (previousWasDST ? 1 : 0) <= (local.isDST != 0 ? 1 : 0)
                : (isDST != 0) != (local.isDST != 0)) {
                found = true  // inside a gap: keep this side of it
                break
            }
            probes -= 1
            if probes == 0 { return nil }
            t1 = t2
            t2 = t
            t += dt
            previousWasDST = local.isDST != 0
            local = rules.localTime(t)
        }
        if !found && Self.differ(isDST, local.isDST) {
            guard let other = nearest(isDST: isDST, around: t) else { return nil }
            t = other.instant + (target - other.fields.secondsAsUTC)
            local = rules.localTime(t)
        }
        guess = t - target
        if requestedSecond != local.second {
            t += (second == 0 && local.second == 60 ? 1 : 0) - Int64(second) + Int64(requestedSecond)
            local = rules.localTime(t)
        }
        tm = local
        return t
    }

    /// glibc's probe for a neighbouring instant whose daylight-saving flag is `isDST`.
    private func nearest(isDST: Int, around t: Int64) -> (instant: Int64, fields: BrokenDownTime)? {
        let stride: Int64 = 601_200
        let bound: Int64 = 536_454_000 / 2 + stride
        var delta = stride
        while delta < bound {
            for direction: Int64 in [-1, 1] {
                let probe = t + delta * direction
                let fields = rules.localTime(probe)
                if !Self.differ(isDST, fields.isDST) { return (probe, fields) }
            }
            delta += stride
        }
        return nil
    }

    /// glibc's `isdst_differ`: one flag is zero and the other positive.
    private static func differ(_ a: Int, _ b: Int) -> Bool {
        (a == 0) != (b == 0) && a >= 0 && b >= 0
    }
}
