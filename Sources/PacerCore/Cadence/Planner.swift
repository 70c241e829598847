import Foundation

/// Plans every pending delivery under its channel's cadence rules.
///
/// A pure function of its input: the same input always gives the same plan, and time is an
/// argument (`PlanningInput.now`), so tests never sleep. Deliveries are placed first come,
/// first served: in order of their earliest possible instant, then of their id.
public enum Planner {
    /// The plan for `input`, in planned order; deliveries that cannot be planned come last.
    public static func plan(_ input: PlanningInput) -> Plan {
        var books: [String: ChannelBook] = [:]
        for past in input.history {
            guard let rules = input.channels[past.channel] else { continue }
            books[past.channel, default: ChannelBook()].take(past.at, delivery: past.id, timeZone: rules.timeZone)
        }

        func earliest(_ delivery: PendingDelivery) -> Date { max(input.now, delivery.notBefore ?? input.now) }
        let ordered = input.pending.sorted { lhs, rhs in
            let (left, right) = (earliest(lhs), earliest(rhs))
            return left != right ? left < right : lhs.id < rhs.id
        }

        var entries: [PlannedDelivery] = []
        entries.reserveCapacity(ordered.count)
        for delivery in ordered {
            var reasons: [Deferral] = []
            guard let rules = input.channels[delivery.channel] else {
                reasons.append(Deferral(rule: "channel", detail: "channel \(delivery.channel) is not configured"))
                entries.append(PlannedDelivery(deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: nil, reasons: reasons))
                continue
            }
            if let notBefore = delivery.notBefore, notBefore > input.now {
                reasons.append(Deferral(rule: "at", detail: "not before \(ISOInstant.format(notBefore))"))
            }
            // Mutated in place through the dictionary: a copy would cost the whole book per delivery.
            let at = books[delivery.channel, default: ChannelBook()].earliestAllowed(from: earliest(delivery), rules: rules, reasons: &reasons)
            if let at {
                books[delivery.channel, default: ChannelBook()].take(at, delivery: delivery.id, timeZone: rules.timeZone)
            } else {
                reasons.append(Deferral(rule: "channel", detail: "no instant on \(rules.name) satisfies its rules"))
            }
            entries.append(PlannedDelivery(deliveryID: delivery.id, postID: delivery.postID, channel: delivery.channel, at: at, reasons: reasons))
        }

        entries.sort { lhs, rhs in
            switch (lhs.at, rhs.at) {
            case let (left?, right?): left != right ? left < right : lhs.deliveryID < rhs.deliveryID
            case (.some, .none): true
            case (.none, .some): false
            case (.none, .none): lhs.deliveryID < rhs.deliveryID
            }
        }
        return Plan(entries: entries)
    }
}
