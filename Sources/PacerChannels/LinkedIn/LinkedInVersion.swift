import Foundation
import PacerCore

/// The month of LinkedIn's versioned API (`LinkedIn-Version: YYYYMM`). LinkedIn supports each
/// version for about a year after its month, then answers every request with
/// `426 NONEXISTENT_VERSION`; a month not released yet gets the same answer.
enum LinkedInVersion {
    /// A version this many months old or younger is still expected to work.
    static let supportedMonths = 11

    /// The months from `version` (a valid `YYYYMM`) to the month of `now` in UTC; negative for a later month.
    static func monthsOld(_ version: String, now: Date) -> Int {
        monthIndex(of: now) - ((Int(version.prefix(4)) ?? 0) * 12 + (Int(version.suffix(2)) ?? 1) - 1)
    }

    /// The version to suggest at `now`: the month before `now`'s, which LinkedIn has released.
    static func suggested(now: Date) -> String {
        let index = monthIndex(of: now) - 1
        let month = index % 12 + 1
        return String(index / 12) + (month < 10 ? "0" : "") + String(month)
    }

    /// What to say at configuration load when `version` of channel `channel` is more than
    /// ``supportedMonths`` old, or names a month after `now`'s; nil when it is current.
    static func warning(_ version: String, channel: String, now: Date) -> String? {
        let age = monthsOld(version, now: now)
        let fix = "set version = \"\(suggested(now: now))\" in [[channel]] \(channel)"
        if age > supportedMonths {
            return "channel \(channel): LinkedIn API version \(version) is \(age) months old; LinkedIn retires a version after about a year "
                + "and then refuses every post (426 NONEXISTENT_VERSION); \(fix)"
        }
        if age < 0 {
            return "channel \(channel): LinkedIn API version \(version) names a month after this one; LinkedIn refuses a version it has not released "
                + "(426 NONEXISTENT_VERSION); \(fix)"
        }
        return nil
    }

    /// Months since year 0 of `instant`'s UTC month.
    private static func monthIndex(of instant: Date) -> Int {
        let text = ISOInstant.format(instant)  // 2026-12-07T…
        let year = Int(text.prefix(while: { $0 != "-" })) ?? 0
        let month = Int(text.dropFirst(text.prefix(while: { $0 != "-" }).count + 1).prefix(2)) ?? 1
        return year * 12 + month - 1
    }
}
