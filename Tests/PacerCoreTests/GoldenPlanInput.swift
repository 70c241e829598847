import Foundation
@testable import PacerCore

/// Reads the input part of a golden plan file (`GoldenPlanTests`) into a ``PlanningInput``.
enum GoldenPlanInput {
    struct Invalid: Error, CustomStringConvertible {
        let line: Int
        let problem: String
        var description: String { "line \(line): \(problem)" }
    }

    static func parse(_ text: String) throws -> PlanningInput {
        var now: Date?
        var paused = false
        var account = AccountRules.none
        var channels: [ChannelRules] = []
        var pending: [PendingDelivery] = []
        var history: [PastDelivery] = []
        /// Whose rules the indented lines set: a channel's index, or the account.
        var owner: Int?? = nil
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let indented = line.hasPrefix(" ")
            let words = line.split(separator: " ").map(String.init)
            let rest = words.dropFirst().joined(separator: " ")
            func fail(_ problem: String) -> Invalid { Invalid(line: number, problem: problem) }
            if indented {
                guard let owner else { throw fail("a rule outside a channel or account block") }
                do {
                    if let channel = owner { try set(words[0], rest, on: &channels[channel]) } else { try set(words[0], rest, on: &account) }
                } catch {
                    throw fail("\(words[0]) \(rest): \(error)")
                }
                continue
            }
            switch words[0] {
            case "now":
                now = try instant(rest, line: number)
                owner = nil
            case "paused":
                paused = true
                owner = nil
            case "account":
                owner = .some(nil)
            case "channel":
                guard words.count == 2 else { throw fail("channel NAME") }
                channels.append(ChannelRules(name: words[1], timeZone: TimeZone(identifier: "UTC")!))
                owner = .some(channels.count - 1)
            case "queue":
                let fields = try pairs(words.dropFirst(2), line: number)
                guard let id = Int64(words[1]), let post = fields["post"].flatMap(Int64.init), let channel = fields["channel"] else {
                    throw fail("queue ID post N channel C [not_before I] [rank R] [previous I]")
                }
                pending.append(PendingDelivery(
                    id: id, postID: post, channel: channel, notBefore: try fields["not_before"].map { try instant($0, line: number) },
                    previousPlannedAt: try fields["previous"].map { try instant($0, line: number) }, rank: fields["rank"].flatMap(Int64.init)))
                owner = nil
            case "history":
                let fields = try pairs(words.dropFirst(2), line: number)
                guard let id = Int64(words[1]), let channel = fields["channel"], let at = fields["at"] else {
                    throw fail("history ID channel C at I [post N]")
                }
                history.append(PastDelivery(id: id, channel: channel, at: try instant(at, line: number), postID: fields["post"].flatMap(Int64.init)))
                owner = nil
            default:
                throw fail("unknown line \"\(words[0])\"")
            }
        }
        guard let now else { throw Invalid(line: 0, problem: "no `now` line") }
        return PlanningInput(now: now, channels: channels, pending: pending, history: history, account: account, paused: paused)
    }

    private static func instant(_ text: String, line: Int) throws -> Date {
        guard let date = ISOInstant.parse(text) else { throw Invalid(line: line, problem: "\"\(text)\" is not an ISO 8601 instant") }
        return date
    }

    private static func pairs(_ words: ArraySlice<String>, line: Int) throws -> [String: String] {
        let words = Array(words)
        guard words.count % 2 == 0 else { throw Invalid(line: line, problem: "expected KEY VALUE pairs") }
        return Dictionary(uniqueKeysWithValues: stride(from: 0, to: words.count, by: 2).map { (words[$0], words[$0 + 1]) })
    }

    private struct UnknownRule: Error, CustomStringConvertible {
        let name: String
        var description: String { "unknown rule \(name)" }
    }

    private static func zone(_ name: String) throws -> TimeZone {
        guard let zone = TimeZone(identifier: name) else { throw UnknownRule(name: "zone \(name)") }
        return zone
    }

    private static func set(_ rule: String, _ value: String, on channel: inout ChannelRules) throws {
        switch rule {
        case "zone": channel.timeZone = try zone(value)
        case "min_gap": channel.minGap = try TimeSpan.parse(value)
        case "max_per_day": channel.maxPerDay = Int(value)
        case "max_per_week": channel.maxPerWeek = Int(value)
        case "slots": channel.slots.append(try CalendarSpec.parse(value))
        case "blackout": channel.blackout.append(try CalendarSpec.parse(value))
        case "jitter": channel.jitter = try TimeSpan.parse(value)
        case "paused": channel.paused = true
        case "max_lateness": channel.maxLateness = try TimeSpan.parse(value)
        case "late":
            guard let policy = LatePolicy(rawValue: value) else { throw UnknownRule(name: "late \(value)") }
            channel.late = policy
        default: throw UnknownRule(name: rule)
        }
    }

    private static func set(_ rule: String, _ value: String, on account: inout AccountRules) throws {
        switch rule {
        case "zone": account.timeZone = try zone(value)
        case "min_gap": account.minGap = try TimeSpan.parse(value)
        case "max_per_day": account.maxPerDay = Int(value)
        case "max_per_week": account.maxPerWeek = Int(value)
        case "cross_post_gap": account.crossPostGap = try TimeSpan.parse(value)
        default: throw UnknownRule(name: rule)
        }
    }
}
