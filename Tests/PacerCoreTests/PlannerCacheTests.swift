import Foundation
import Testing
@testable import PacerCore

/// The planner's indexes answer exactly what the computations they stand for answer: the zone's
/// period index against a binary search, the period counts against a dictionary. Zones with clock changes at or near midnight included.
struct PlannerCacheTests {
    static let zones = [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "America/Santiago", "America/Havana",
        "Asia/Beirut", "America/Sao_Paulo", "Pacific/Chatham", "Africa/Casablanca",
    ].map { TimeZone(identifier: $0)! }

    /// A reproducible pseudo-random source (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return Jitter.splitmix64(state)
        }
        mutating func below(_ bound: Int64) -> Int64 { Int64(next() % UInt64(bound)) }
    }

    @Test(arguments: zones)
    func theZonePeriodIndexAgreesWithABinarySearch(zone: TimeZone) {
        let rules = ZoneRules.of(zone)
        var random = Random(state: 1)
        // 1850 to 2250: before, across and after the index.
        for _ in 0..<200_000 {
            let seconds = -3_786_825_600 + random.below(12_623_040_000)
            #expect(rules.period(at: seconds) == rules.searchedPeriod(at: seconds), "\(zone.identifier) at \(seconds)")
        }
        var cursor = Date(timeIntervalSince1970: 0)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < 7_289_654_400 {
            let seconds = Int64(next.timeIntervalSince1970.rounded(.down))
            for probe in (seconds - 2)...(seconds + 2) {
                #expect(rules.period(at: probe) == rules.searchedPeriod(at: probe), "\(zone.identifier) at \(probe)")
            }
            cursor = next
        }
    }

    @Test func periodCountsAgreeWithADictionary() {
        var counts = PeriodCounts()
        var reference: [Int: Int] = [:]
        var random = Random(state: 3)
        for _ in 0..<5_000 {
            let period = Int(random.below(400)) - 200
            counts.add(period)
            reference[period, default: 0] += 1
        }
        for period in -250...250 { #expect(counts[period] == reference[period, default: 0]) }
    }
}
