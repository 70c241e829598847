import Foundation

/// The cadence rules of one channel (`[[channel]]`), evaluated in the channel's time zone; every
/// rule is optional (`docs/cadence.md`).
public struct ChannelRules: Sendable, Hashable {
    /// The channel's name as configured (`[[channel]] name`).
    public var name: String
    /// The zone that decides what "a day", "a week" and a calendar expression mean for this channel.
    public var timeZone: TimeZone
    /// Minimum time between two deliveries on this channel (`min_gap`).
    public var minGap: TimeSpan?
    /// At most this many deliveries per calendar day in `timeZone` (`max_per_day`).
    public var maxPerDay: Int?
    /// At most this many deliveries per ISO week, Monday to Sunday, in `timeZone` (`max_per_week`).
    public var maxPerWeek: Int?
    /// With slots, a delivery goes out only at an elapse of one of these expressions (plus its
    /// jitter); without, at any instant the other rules allow (`slots`).
    public var slots: [CalendarSpec]
    /// Days or instants when nothing goes out (`blackout`). An expression whose time is
    /// `00:00:00` (such as `*-12-24..26` or `Sat,Sun`) blocks each local day it elapses on;
    /// any other expression blocks the minute that begins at each of its elapses.
    public var blackout: [CalendarSpec]
    /// Each delivery is delayed by a deterministic offset in `[0, jitter)` seeded by its id (`jitter`).
    public var jitter: TimeSpan?
    /// Nothing is planned on the channel while it is paused (`pacer pause CHANNEL`).
    public var paused: Bool
    /// A delivery whose previously planned instant is more than this before `now` is late (`max_lateness`).
    public var maxLateness: TimeSpan?
    /// What happens to a late delivery (`late`).
    public var late: LatePolicy

    public init(
        name: String, timeZone: TimeZone, minGap: TimeSpan? = nil, maxPerDay: Int? = nil,
        maxPerWeek: Int? = nil, slots: [CalendarSpec] = [], blackout: [CalendarSpec] = [],
        jitter: TimeSpan? = nil, paused: Bool = false, maxLateness: TimeSpan? = nil, late: LatePolicy = .reslot
    ) {
        self.name = name
        self.timeZone = timeZone
        self.minGap = minGap
        self.maxPerDay = maxPerDay
        self.maxPerWeek = maxPerWeek
        self.slots = slots
        self.blackout = blackout
        self.jitter = jitter
        self.paused = paused
        self.maxLateness = maxLateness
        self.late = late
    }
}
