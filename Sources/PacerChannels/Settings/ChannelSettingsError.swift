/// A channel setting that cannot be used, with the configuration key it concerns.
/// The configuration loader adds the file and line.
public struct ChannelSettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration key, such as `base_url` or `timeout`.
    public let key: String
    /// Why the value is refused and what is accepted.
    public let message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
