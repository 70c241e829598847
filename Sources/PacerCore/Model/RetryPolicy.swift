import Foundation

/// How often, and how far apart, a delivery is tried again after a retryable error
/// (`retry = { attempts = 5, backoff = "1min", max_backoff = "1h" }` on a channel).
///
/// The delay doubles with each attempt, is capped, and is spread by a jitter of up to a quarter of
/// itself, seeded by the delivery id so that the schedule is deterministic and explainable.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; rate-limit waits do not count.
    public var attempts: Int
    /// The delay after the first failed attempt.
    public var backoff: TimeSpan
    /// The longest delay.
    public var maxBackoff: TimeSpan

    public init(attempts: Int = 5, backoff: TimeSpan = TimeSpan(seconds: 60), maxBackoff: TimeSpan = TimeSpan(seconds: 3600)) {
        self.attempts = attempts
        self.backoff = backoff
        self.maxBackoff = maxBackoff
    }

    /// The delay before attempt `attempt + 1`, after attempt `attempt` (1-based) failed;
    /// `nil` when no attempt is left.
    public func delay(afterAttempt attempt: Int, delivery: DeliveryID) -> TimeSpan? {
        guard attempt < attempts else { return nil }
        let exponent = min(attempt - 1, 40)
        let base = min(Double(backoff.microseconds) * pow(2, Double(exponent)), Double(maxBackoff.microseconds))
        // A splitmix64 step of (delivery, attempt): the same delivery always waits the same.
        var seed = UInt64(bitPattern: delivery) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(attempt)
        seed = (seed ^ (seed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        seed = (seed ^ (seed >> 27)) &* 0x94D0_49BB_1331_11EB
        seed ^= seed >> 31
        let fraction = Double(seed >> 11) / Double(1 << 53)
        return TimeSpan(microseconds: Int64(min(base * (1 + fraction / 4), Double(maxBackoff.microseconds))))
    }
}
