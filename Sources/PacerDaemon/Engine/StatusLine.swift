import Foundation
import PacerCore

/// The one-line summary for `STATUS=` and `pacer status`: `3 queued · next outbox Tue 08:30 · today 1/2`.
enum StatusLine {
    /// - Parameters:
    ///   - queued: deliveries waiting.
    ///   - next: the next planned delivery's channel and instant.
    ///   - usedToday: deliveries out today, summed over channels.
    ///   - limitToday: the sum of the channels' daily limits, `nil` when any is unlimited.
    ///   - unknown: deliveries waiting for a person to say whether they went out.
    ///   - paused: what is paused (`["the queue"]`, `["linkedin"]`), if anything.
    ///   - configError: why the last reload was refused, if it was.
    ///   - timeZone: the zone the instant is shown in.
    static func render(
        queued: Int, next: (channel: String, at: Date)?, usedToday: Int, limitToday: Int?, unknown: Int,
        paused: [String] = [], configError: String? = nil, timeZone: TimeZone
    ) -> String {
        var parts = ["\(queued) queued"]
        if let next {
            parts.append("next \(next.channel) \(LocalTime.short(next.at, in: timeZone))")
        } else {
            parts.append("next none")
        }
        parts.append("today \(usedToday)/\(limitToday.map(String.init) ?? "∞")")
        if !paused.isEmpty { parts.append("paused: \(paused.joined(separator: ", "))") }
        if unknown > 0 { parts.append("\(unknown) unknown: see pacer list") }
        if let configError { parts.append("config error (running on the previous config): \(configError)") }
        return parts.joined(separator: " · ")
    }
}
