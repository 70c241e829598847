import Foundation
import PacerCore

/// The proof that sending a delivery again is safe with an `Idempotency-Key` the receiver honours
/// for a limited time after the first request carrying it (Mastodon: one hour; webhooks: the
/// documented contract, one hour).
///
/// When a request got no answer (a timeout, a drop, a crash between claim and reply) or a 5xx (a
/// gateway's 502 or 504 can come after the receiver acted), the instant it was sent is written
/// durably. Sending again is allowed while that instant is within the window, less a safety
/// margin for clock differences; after that the delivery is `unknown`, because the receiver may
/// have forgotten the key and a second request could post twice.
struct KeyWindow: Sendable {
    /// The requests that went unanswered, by delivery (``UnsettledRequest``).
    let marks: DeliveryMarks
    /// How long the receiver honours a key.
    var lifetime: TimeInterval = 3600
    /// How much earlier than `lifetime` Pacer stops relying on it.
    var margin: TimeInterval = 300

    /// Whether a request first sent at `first` may be repeated at `now` under the same key.
    func covers(since first: Date, now: Date) -> Bool {
        let elapsed = now.timeIntervalSince(first)
        return elapsed > -margin && elapsed < lifetime - margin
    }

    /// An outcome that forbids sending now, when an earlier unanswered request is outside the window.
    func checkBeforeSending(_ delivery: DeliveryID, now: Date) -> PublishOutcome? {
        let first: Date?
        do {
            first = try marks.unsettledRequest(delivery)?.firstSent
        } catch {
            return .unknown(reason: "cannot read what earlier attempts did (\(error)); not sending again")
        }
        guard let first, !covers(since: first, now: now) else { return nil }
        return .unknown(reason: "an earlier request at \(ISOInstant.format(first)) got no answer and its Idempotency-Key is honoured for \(Int(lifetime / 60)) minutes only; sending again could post twice")
    }

    /// After a request sent at `now` got no answer, or a 5xx (`status`): safe to send again
    /// (`retry`) while the key protects it, when that could be written down; else `unknown`.
    func unanswered(_ delivery: DeliveryID, now: Date, reason: String, status: Int? = nil) -> PublishOutcome {
        do {
            if try marks.read(delivery) == nil { try marks.write(ISOInstant.format(now), for: delivery) }
        } catch {
            return .unknown(reason: "\(reason); and cannot record it (\(error))")
        }
        return .retry(reason: "\(reason); the same Idempotency-Key makes sending again safe", after: nil, status: status, consumesAttempt: true)
    }

    /// After a definite answer: nothing more to remember.
    func settled(_ delivery: DeliveryID) {
        try? marks.remove(delivery)
    }

    /// A delivery claimed at `claimedAt` whose call was interrupted: `notPublished` (safe to send
    /// again) while the key protects it, else `undetermined`.
    func reconcile(_ delivery: DeliveryID, claimedAt: Date?, now: Date) -> Reconciliation {
        guard let claimedAt else { return .undetermined }
        do {
            let earlier = try marks.unsettledRequest(delivery)?.firstSent
            let first = min(earlier ?? claimedAt, claimedAt)
            guard covers(since: first, now: now) else { return .undetermined }
            if earlier != first { try marks.write(ISOInstant.format(first), for: delivery) }
            return .notPublished
        } catch {
            return .undetermined
        }
    }
}
