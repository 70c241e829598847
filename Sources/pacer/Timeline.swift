import Foundation
import PacerCore
import PacerProtocol

/// The story of one delivery, oldest first, as `pacer show` tells it.
enum Timeline {
    struct Event {
        var at: Date?
        var what: String
    }

    static func events(of delivery: DeliveryView, in post: PostView) -> [Event] {
        var events = [Event(at: post.createdAt, what: delivery.state == .draft ? "written as a draft" : "queued")]
        for attempt in post.attempts where attempt.deliveryID == delivery.id {
            events.append(Event(at: attempt.startedAt, what: "attempt \(attempt.attempt): claimed, publishing"))
            guard let outcome = attempt.outcome else { continue }
            var what = "attempt \(attempt.attempt): \(Style.state(outcome))"
            if let status = attempt.status { what += " (\(status))" }
            if let url = attempt.url { what += " \(url)" }
            if let error = attempt.error { what += ": \(error)" }
            events.append(Event(at: attempt.finishedAt ?? attempt.startedAt, what: what))
        }
        switch delivery.state {
        case .queued:
            let why = delivery.reasons.map { Output.reason($0) }
            events.append(Event(at: delivery.plannedAt, what: delivery.plannedAt == nil ? "not planned yet" : "planned"))
            events += why.map { Event(at: nil, what: "  deferred because \($0)") }
        case .held:
            events.append(Event(at: nil, what: "held: \(delivery.heldReason ?? "until pacer release \(post.id)")"))
        case .unknown:
            events.append(Event(at: nil, what: "unknown: may have gone out; settle it with pacer confirm \(post.id)"))
        case .failed:
            events.append(Event(at: nil, what: "failed\(delivery.error.map { ": \($0)" } ?? ""); queue it again with pacer retry \(post.id)"))
        case .published where post.attempts.allSatisfy { $0.deliveryID != delivery.id }:
            events.append(Event(at: delivery.publishedAt, what: "published \(delivery.url ?? "")"))
        case .cancelled:
            events.append(Event(at: nil, what: "cancelled"))
        case .draft, .claimed, .published:
            break
        }
        return events
    }
}
