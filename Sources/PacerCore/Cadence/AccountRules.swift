import Foundation

/// The account-wide cadence rules (`[cadence]`): they count every channel's deliveries together
/// and are evaluated in the account's zone (the top-level `timezone`).
public struct AccountRules: Sendable, Hashable {
    /// The zone that decides what "a day" and "a week" are for the account-wide budgets.
    public var timeZone: TimeZone
    /// Minimum time between any two deliveries, whatever their channels (`cadence.min_gap`).
    public var minGap: TimeSpan?
    /// At most this many deliveries per calendar day in `timeZone`, all channels together.
    public var maxPerDay: Int?
    /// At most this many deliveries per ISO week (Monday to Sunday) in `timeZone`, all channels together.
    public var maxPerWeek: Int?
    /// Minimum time between two deliveries of the same post on different channels (`cadence.cross_post_gap`).
    public var crossPostGap: TimeSpan?

    public init(
        timeZone: TimeZone, minGap: TimeSpan? = nil, maxPerDay: Int? = nil, maxPerWeek: Int? = nil,
        crossPostGap: TimeSpan? = nil
    ) {
        self.timeZone = timeZone
        self.minGap = minGap
        self.maxPerDay = maxPerDay
        self.maxPerWeek = maxPerWeek
        self.crossPostGap = crossPostGap
    }

    /// No account-wide rule at all.
    public static let none = AccountRules(timeZone: TimeZone(identifier: "UTC")!)
}
