import Foundation

/// The cadence rules of one channel, evaluated in the channel's time zone.
///
/// The walking skeleton knows `min_gap` and `max_per_day`; the full rule set
/// (slots, blackout, weekly caps, account-wide rules, jitter) extends this type.
public struct ChannelRules: Sendable, Hashable {
    /// The channel's name as configured (`[[channel]] name`).
    public var name: String
    /// The zone that decides what "a day" is for this channel.
    public var timeZone: TimeZone
    /// Minimum time between two deliveries on this channel.
    public var minGap: TimeSpan?
    /// At most this many deliveries per calendar day in `timeZone`.
    public var maxPerDay: Int?

    public init(name: String, timeZone: TimeZone, minGap: TimeSpan? = nil, maxPerDay: Int? = nil) {
        self.name = name
        self.timeZone = timeZone
        self.minGap = minGap
        self.maxPerDay = maxPerDay
    }
}
