import PacerCore

/// The one deadline of a channel call (`publish` or `reconcile`): every request the call sends,
/// reply bodies included, ends by it, so a call takes at most the channel's `timeout` however many
/// requests it makes and however slowly a peer answers. Stopping pacerd waits for the call in
/// flight, so this is what keeps a stop within systemd's `TimeoutStopSec`.
///
/// It is a task-local value: the publisher sets it once around the call, and the requests made
/// on the way (a Bluesky login, a Mastodon instance look-up) find it without every helper
/// passing it along.
enum CallDeadline {
    @TaskLocal static var current: ContinuousClock.Instant?

    /// Runs `call` with its deadline `timeout` from now.
    static func run<Result: Sendable>(within timeout: TimeSpan, _ call: () async -> Result) async -> Result {
        await $current.withValue(.now + .microseconds(timeout.microseconds)) { await call() }
    }

    /// The time left until the call's deadline; nil outside a call. A wait between requests (an
    /// upload still being processed) stops when it would pass the deadline.
    static var timeLeft: Duration? {
        current.map { ContinuousClock.now.duration(to: $0) }
    }

    /// When a request sent now must end: `timeout` from now outside a call; inside one, at the
    /// call's deadline, or for a look-up the call can do without (`optional`) after half of the
    /// time left, so that a peer that never answers it leaves time for the request that publishes.
    static func forRequest(timeout: TimeSpan, optional: Bool) -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        guard let current else { return now + .microseconds(timeout.microseconds) }
        guard optional, current > now else { return current }
        return now + (current - now) / 2
    }
}
