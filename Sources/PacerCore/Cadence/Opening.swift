import Foundation

/// Whether a channel's slots and blackouts leave it an **open** instant in the year ahead: a slot
/// instant whose jitter window meets no blackout (gaps and caps aside). A channel without one
/// plans nothing, and `pacer config check` refuses it, with the words of ``reason(rules:)``.
enum Opening: Equatable {
    /// The first open instant.
    case open(Int64)
    /// No open instant in the year.
    case never
    /// None up to this instant, where the search ran out of steps (``ChannelSchedule/stepLimit``).
    case gaveUp(Int64)

    /// How far ahead the check looks: a year, leap day included.
    static let span: Int64 = 366 * LocalCalendar.microsecondsPerDay

    /// Why nothing can be planned on a channel with these rules, if so: `no instant in the next year
    /// satisfies the slots of channel linkedin outside its blackouts`; nil when an instant is open.
    func reason(rules: ChannelRules) -> Deferral? {
        if case .open = self { return nil }
        let scope = switch (rules.slots.isEmpty, rules.blackout.isEmpty) {
        case (false, false): "satisfies the slots of channel \(rules.name) outside its blackouts"
        case (false, true): "satisfies the slots of channel \(rules.name)"
        case (true, _): "is outside the blackouts of channel \(rules.name)"
        }
        let jitter = if let span = rules.jitter, Jitter.window(span) > 0, !rules.blackout.isEmpty { " (jitter \(span) included)" } else { "" }
        let rule = rules.slots.isEmpty ? "blackout" : "slots"
        if case .gaveUp(let instant) = self {
            let at = ISOInstant.format(LocalCalendar.date(instant))
            return Deferral(
                rule: rule, detail: "no instant before \(at) \(scope)\(jitter), and the search stops there (after \(ChannelSchedule.stepLimit) steps)")
        }
        return Deferral(rule: rule, detail: "no instant in the next year \(scope)\(jitter)")
    }
}

extension ChannelRules {
    /// Why nothing can be planned on this channel in the year after `now`, if so: the reason the
    /// plan gives each of the channel's deliveries.
    public func closedReason(from now: Date) -> Deferral? {
        var schedule = ChannelSchedule(rules: self, slotTable: 0)
        var slots = SlotTable(specs: slots, calendar: LocalCalendar(timeZone))
        return schedule.opening(from: LocalCalendar.microseconds(now), slots: &slots).reason(rules: self)
    }
}
