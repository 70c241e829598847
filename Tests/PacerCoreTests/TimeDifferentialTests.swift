import Foundation
import Testing

@testable import PacerCore

/// Pacer's time syntax against `systemd-analyze` (systemd 252), the oracle: same accept/reject
/// decisions, same normalised forms, same 10 next elapses in five zones from base times around
/// clock changes, month ends and a leap day. Cases where systemd 252 gives up with "Infinite loop
/// in calendar calculation" have no oracle answer: they are counted, and Pacer's emulation must
/// predict exactly those.
@Suite struct TimeDifferentialTests {
    static let iterations = 10

    /// Records at most a few mismatches in detail, then a count.
    struct Mismatches {
        var lines: [String] = []
        var count = 0

        mutating func add(_ line: String) {
            count += 1
            if lines.count < 25 { lines.append(line) }
        }

        func report(_ what: String) {
            guard count > 0 else { return }
            let details = lines.joined(separator: "\n")
            Issue.record("\(count) \(what) mismatches:\n\(details)")
        }
    }

    @Test func calendarExpressionsAgreeWithSystemd() async throws {
        let expressions = TimeCorpus.calendarExpressions
        let jobs = TimeCorpus.zones.flatMap { zone in TimeCorpus.baseTimes(for: zone).map { (zone, $0) } }
        let started = ContinuousClock.now
        // Two threads of their own, each with every other job: the calls wait for systemd-analyze,
        // and on Swift's shared pool that wait would hold threads other suites' tasks need.
        let halves = [0, 1].map { half in jobs.enumerated().filter { $0.offset % 2 == half }.map(\.element) }
        let results = try await withThrowingTaskGroup(of: (Int, Int, Int, Mismatches).self) { group in
            for half in halves {
                group.addTask {
                    try await onOwnThread {
                        var sum = (0, 0, 0, Mismatches())
                        for (zone, base) in half {
                            let (cases, elapses, stuck, mismatches) = try Self.compareCalendar(expressions, zone: zone, base: base)
                            sum.0 += cases
                            sum.1 += elapses
                            sum.2 += stuck
                            sum.3.count += mismatches.count
                            sum.3.lines += mismatches.lines
                        }
                        return sum
                    }
                }
            }
            var total = (cases: 0, elapses: 0, stuck: 0, mismatches: Mismatches())
            for try await (cases, elapses, stuck, mismatches) in group {
                total.cases += cases
                total.elapses += elapses
                total.stuck += stuck
                total.mismatches.count += mismatches.count
                total.mismatches.lines += Array(mismatches.lines.prefix(max(0, 25 - total.mismatches.lines.count)))
            }
            return total
        }
        print("""
            calendar differential: \(expressions.count) expressions × \(jobs.count) (zone, base time) pairs over \
            \(TimeCorpus.zones.count) zones = \(results.cases) cases, \(results.elapses) elapses compared, \
            \(results.stuck) skipped (systemd 252 infinite loop), \(ContinuousClock.now - started)
            """)
        results.mismatches.report("calendar")
        #expect(results.cases >= 400 * 5)
    }

    /// One `systemd-analyze calendar` call and the same questions asked of Pacer.
    static func compareCalendar(_ expressions: [String], zone: String, base: Int64) throws -> (Int, Int, Int, Mismatches) {
        let answers = try TimeOracle.calendar(expressions, zone: zone, base: base, iterations: iterations)
        let rules = ZoneRules.of(TimeZone(identifier: zone)!)
        var mismatches = Mismatches()
        var elapsesCompared = 0
        var stuck = 0
        let context = "TZ=\(zone) base=@\(base)"
        for expression in expressions {
            guard let answer = answers[expression] else {
                mismatches.add("\(context) \"\(expression)\": no answer from systemd-analyze")
                continue
            }
            let spec = try? CalendarSpec.parse(expression)
            switch answer {
            case .rejected:
                if let spec { mismatches.add("\(context) \"\(expression)\": systemd rejects, Pacer reads \(spec.normalized)") }
            case .stuck:
                stuck += 1
                guard let spec else {
                    mismatches.add("\(context) \"\(expression)\": systemd accepts (then loops), Pacer rejects")
                    continue
                }
                let ours = systemdOutcomes(spec, base: base, rules: rules)
                if ours.last != .stuck {
                    mismatches.add("\(context) \"\(expression)\": systemd 252 loops forever, Pacer's emulation does not")
                }
            case .elapses(let normalized, let utcSeconds):
                guard let spec else {
                    mismatches.add("\(context) \"\(expression)\": systemd accepts as \(normalized), Pacer rejects")
                    continue
                }
                if spec.normalized != normalized {
                    mismatches.add("\(context) \"\(expression)\": normalised \(spec.normalized), systemd \(normalized)")
                }
                let ours = spec.nextElapses(
                    after: Date(timeIntervalSince1970: Double(base)), count: iterations, in: TimeZone(identifier: zone)!
                ).map { Int64($0.timeIntervalSince1970.rounded(.down)) }
                if ours != utcSeconds {
                    mismatches.add("\(context) \"\(expression)\": elapses \(ours), systemd \(utcSeconds)")
                }
                elapsesCompared += utcSeconds.count
            }
        }
        return (expressions.count, elapsesCompared, stuck, mismatches)
    }

    /// Pacer's emulation of systemd 252, unrepaired: up to 10 outcomes, ending early at `never`
    /// or `stuck`.
    static func systemdOutcomes(_ spec: CalendarSpec, base: Int64, rules: ZoneRules) -> [ElapseSearch.Outcome] {
        let zoneRules = spec.zoneName.map { ZoneRules.of(TimeZone(identifier: $0)!) } ?? rules
        var outcomes: [ElapseSearch.Outcome] = []
        var cursor = base * 1_000_000
        while outcomes.count < iterations {
            let outcome = ElapseSearch.outcome(of: spec, after: cursor, rules: zoneRules, repaired: false)
            outcomes.append(outcome)
            guard case .elapse(let next) = outcome else { break }
            cursor = next
        }
        return outcomes
    }

    @Test func timestampsAgreeWithSystemd() async throws {
        try await onOwnThread { try Self.compareTimestamps() }
    }

    static func compareTimestamps() throws {
        var mismatches = Mismatches()
        var cases = 0
        for zone in TimeCorpus.zones {
            let tz = TimeZone(identifier: zone)!
            var batches = [TimeCorpus.timestamps]
            batches += TimeCorpus.doubledTimestamps.map { [$0] }
            for batch in batches {
                let answers = try TimeOracle.timestamps(batch, zone: zone)
                for text in batch {
                    cases += 1
                    let ours = try? Timestamp.parseMicroseconds(text, now: 0, timeZone: tz)
                    switch (answers[text], ours) {
                    case (.value(let micros, _), let ours?) where ours == micros: break
                    case (.rejected, nil): break
                    case (.rejected, _?) where pacerExtensions.contains(text): break
                    case (let answer, let ours):
                        mismatches.add("TZ=\(zone) \"\(text)\": Pacer \(ours.map(String.init) ?? "rejects"), systemd \(String(describing: answer))")
                    }
                }
            }
            let now = Timestamp.microseconds(of: Date())
            let answers = try TimeOracle.timestamps(TimeCorpus.relativeTimestamps, zone: zone)
            for text in TimeCorpus.relativeTimestamps {
                cases += 1
                let ours = try? Timestamp.parseMicroseconds(text, now: now, timeZone: tz)
                switch (answers[text], ours) {
                case (.value(let micros, _), let ours?) where abs(ours - micros) < 5_000_000: break
                case (.rejected, nil): break
                case (let answer, let ours):
                    mismatches.add("TZ=\(zone) \"\(text)\": Pacer \(ours.map(String.init) ?? "rejects"), systemd \(String(describing: answer))")
                }
            }
        }
        print("timestamp differential: \(cases) cases")
        mismatches.report("timestamp")
    }

    /// Forms systemd 252 refuses that Pacer reads on purpose (docs/time-syntax.md).
    static let pacerExtensions: Set = ["2026-12-01T09:00"]

    @Test func timespansAgreeWithSystemd() async throws {
        try await onOwnThread { try Self.compareTimespans() }
    }

    static func compareTimespans() throws {
        let answers = try TimeOracle.timespans(TimeCorpus.timespans)
        var mismatches = Mismatches()
        for text in TimeCorpus.timespans {
            let ours = try? TimeSpan.parse(text)
            switch (answers[text], ours) {
            case (.value(let micros, let human), let ours?):
                let same = ours == .infinity ? micros == -1 || human == "infinity" : ours.microseconds == micros
                if !same || ours.description != human {
                    mismatches.add("\"\(text)\": Pacer \(ours.microseconds) \(ours), systemd \(micros) \(human)")
                }
            case (.rejected, nil): break
            case (let answer, let ours):
                mismatches.add("\"\(text)\": Pacer \(ours.map(\.description) ?? "rejects"), systemd \(String(describing: answer))")
            }
        }
        print("timespan differential: \(TimeCorpus.timespans.count) cases")
        mismatches.report("timespan")
    }
}
