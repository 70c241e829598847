import Foundation

/// What a plan's reasons are worded from: the rules of each configured channel and of the
/// account, and the names of the channels deliveries are on. Made once per plan and shared by
/// its deliveries' ``Reasons``; never changes.
final class ReasonBook: Sendable {
    private struct Channel: Sendable {
        var zone: TimeZone
        var budget: Budget
        /// The channel's blackout expressions as reasons print them (``Blackout/label(of:)``).
        var blackouts: [String]
    }

    /// Configured channels, then channels only the history mentions (indices as the planner's).
    private let channelNames: [String]
    /// The configured channels, in the same order.
    private let channels: [Channel]
    private let account: Budget
    /// `cross_post_gap 30min after delivery `: the words of a cross-post reason before the id.
    private let crossPostWords: String

    init(configured: [ChannelRules], channelNames: [String], account: Budget, crossPostGap: Int64?) {
        self.channelNames = channelNames
        channels = configured.map { rules in
            Channel(
                zone: rules.timeZone, budget: Budget(rules: rules),
                blackouts: rules.blackout.map(Blackout.label(of:)))
        }
        self.account = account
        crossPostWords = crossPostGap.map { "cross_post_gap \(TimeSpan(microseconds: $0)) after delivery " } ?? ""
    }

    /// A cause of a search on `channel` in words.
    func describe(_ cause: Cause, channel: Int) -> Deferral {
        switch cause {
        case .gap(_, let isAccount), .day(_, let isAccount), .week(_, let isAccount):
            let budget = isAccount ? account : channels[channel].budget
            guard let reason = budget.describe(cause, channelNames: channelNames) else { preconditionFailure("a budget words its causes") }
            return reason
        case .blackout(let index):
            return Deferral(rule: "blackout", detail: "blackout \(channels[channel].blackouts[index])")
        case .slot(let instant):
            return Deferral(rule: "slots", detail: "next slot \(LocalTime.short(LocalCalendar.date(instant), in: channels[channel].zone))")
        case .crossPost(let other):
            return Deferral(
                rule: "cadence.cross_post_gap",
                detail: ReasonText.naming(other.delivery, after: crossPostWords, then: " (same post on ", channelNames[Int(other.channel)], ")"))
        }
    }

    /// `jitter +2min 30s`.
    func jitter(_ offset: Int64) -> Deferral {
        Deferral(rule: "jitter", detail: "jitter +\(TimeSpan(microseconds: offset))")
    }

    /// `no instant on linkedin satisfies its rules`.
    func noInstant(_ channel: Int) -> Deferral {
        Deferral(rule: "channel", detail: "no instant on \(channelNames[channel]) satisfies its rules")
    }

    /// `no instant on linkedin found within the search's limit of 100000 steps`.
    func gaveUp(_ channel: Int) -> Deferral {
        Deferral(rule: "channel", detail: "no instant on \(channelNames[channel]) found within the search's limit of \(ChannelSchedule.stepLimit) steps")
    }
}
