import Foundation
import PacerCore

/// The daemon's configuration, validated: every value has been checked and converted.
public struct DaemonConfig: Sendable, Equatable {
    /// The zone of channels that name none.
    public var timeZone: TimeZone
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
    /// The kinds of channel this version can publish to.
    public enum Kind: String, Sendable, CaseIterable {
        case outbox
    }

    public var name: String
    public var kind: Kind
    public var isDefault: Bool
    /// The cadence rules, with the channel's zone resolved.
    public var rules: ChannelRules
    /// The outbox directory (outbox channels only).
    public var outboxDirectory: String?
}
