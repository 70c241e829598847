import Foundation

/// What a plan's reasons are worded from: each channel's rules and the account's, and the names
/// of the channels deliveries are on. Made once per plan and shared by its entries' ``Reasons``.
final class ReasonWords: Sendable {
    private struct Channel: Sendable {
        let zone: TimeZone
        let budget: Budget
        /// The blackout expressions as reasons print them (``Blackout/label(of:)``).
        let blackouts: [String]
    }

    /// The channels by the planner's indices: configured ones by name, then ones only history names.
    let channelNames: [String]
    private let channels: [Channel]
    private let account: Budget
    private let crossPostGap: String

    init(channelNames: [String], schedules: [ChannelSchedule], account: Budget, crossPostGap: TimeSpan?) {
        self.channelNames = channelNames
        channels = schedules.map { Channel(zone: $0.rules.timeZone, budget: $0.budget, blackouts: $0.rules.blackout.map(Blackout.label(of:))) }
        self.account = account
        self.crossPostGap = crossPostGap?.description ?? ""
    }

    /// A cause a search on `channel` noted, in words.
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
                detail: "cross_post_gap \(crossPostGap) after delivery \(other.delivery) (same post on \(channelNames[other.channel]))")
        }
    }

    /// `jitter +2min 30s`; nil for an offset of 0.
    func jitter(_ offset: Int64) -> Deferral? {
        offset > 0 ? Deferral(rule: "jitter", detail: "jitter +\(TimeSpan(microseconds: offset))") : nil
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
