import Foundation
import PacerChannels
import PacerCore

/// The daemon's configuration, validated: every value has been checked and converted.
public struct DaemonConfig: Sendable, Equatable {
    /// The zone of channels that name none, and of the account-wide rules.
    public var timeZone: TimeZone
    /// `[cadence]`: the account-wide rules.
    public var cadence: CadenceConfig
    /// The channels, in file order.
    public var channels: [ChannelConfig]

    /// The channels `pacer add` uses when it names none.
    public var defaultChannels: [String] { channels.filter(\.isDefault).map(\.name) }

    /// The channel named `name`.
    public func channel(named name: String) -> ChannelConfig? {
        channels.first { $0.name == name }
    }
}

/// One `[[channel]]` block.
public struct ChannelConfig: Sendable, Equatable {
    public var name: String
    public var kind: ChannelKind { settings.kind }
    public var isDefault: Bool
    /// The cadence rules, with the channel's zone resolved.
    public var rules: ChannelRules
    /// What the channel publishes to, validated for its kind.
    public var settings: ChannelSettings
    /// How retryable errors are retried.
    public var retry = RetryPolicy()
    /// `max_length`: overrides the platform's length limit.
    public var maxLength: Int?
    /// What a privacy finding does to a delivery.
    public var privacy: PrivacyMode = .hold
    /// The rules as written in the file, for `pacer channels`.
    public var ruleTexts: [String: String] = [:]
}

/// `privacy = "hold" | "warn" | "off"`.
public enum PrivacyMode: String, Sendable, CaseIterable {
    /// The delivery is held until `pacer release`.
    case hold
    /// `pacer add` warns; the delivery is queued.
    case warn
    /// No privacy lint.
    case off
}

/// `[cadence]`: rules over all channels together.
public struct CadenceConfig: Sendable, Equatable {
    public var timeZone: TimeZone
    public var minGap: TimeSpan?
    public var maxPerDay: Int?
    public var maxPerWeek: Int?
    public var crossPostGap: TimeSpan?
    /// Near-duplicates of anything queued or published in this window are refused.
    public var duplicateWindow = TimeSpan(seconds: 7 * 86_400)
    /// How alike (0…1) counts as a near-duplicate.
    public var similarity = 0.8
    /// The rules as written in the file.
    public var texts: [String: String] = [:]

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The account-wide rules as the planner takes them.
    public var rules: AccountRules {
        AccountRules(timeZone: timeZone, minGap: minGap, maxPerDay: maxPerDay, maxPerWeek: maxPerWeek, crossPostGap: crossPostGap)
    }
}
