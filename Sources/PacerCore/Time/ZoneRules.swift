import Foundation
import Synchronization

/// The UTC offsets of one time zone as a sorted table, so that converting an instant to wall-clock
/// time costs a table look-up instead of a Foundation call.
///
/// Tables are built once per zone identifier from `TimeZone`'s own transitions (1900 to 2201,
/// which covers systemd's calendar range of 1970–2199) and shared between callers. An index by
/// stretches of about 12 days (``bucketSeconds``) holds, for each stretch, how many transitions
/// precede its start, so that finding the period of an instant in that range takes a step or two
/// instead of a binary search.
struct ZoneRules: Sendable {
    /// Instants (seconds since the epoch) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// The offset in seconds east of UTC before the first transition, then after each one.
    private let offsets: [Int32]
    /// Whether daylight-saving time is in force in the matching `offsets` period.
    private let daylight: [Bool]
    /// For stretch `k` (the ``bucketSeconds`` seconds from `indexStart + k * bucketSeconds`),
    /// the number of transitions at or before its first second.
    private let periodAtBucket: [Int32]

    /// The first second the bucket index covers: 1900-01-01.
    private static let indexStart: Int64 = -2_208_988_800
    /// The first second after the bucket index: 2201-01-01.
    private static let indexEnd: Int64 = 7_289_654_400
    /// log₂ of ``bucketSeconds``.
    private static let bucketShift: Int64 = 20
    /// The length of one stretch of the index (2²⁰ s, about 12 days: shorter than the time
    /// between two transitions of any zone but a few).
    static let bucketSeconds: Int64 = 1 << bucketShift

    /// Rules for UTC (no transitions, offset 0).
    static let utc = ZoneRules(transitions: [], offsets: [0], daylight: [false])

    private init(transitions: [Int64], offsets: [Int32], daylight: [Bool]) {
        self.transitions = transitions
        self.offsets = offsets
        self.daylight = daylight
        var index: [Int32] = []
        index.reserveCapacity(Int((Self.indexEnd - Self.indexStart) >> Self.bucketShift) + 1)
        var period = 0
        var bucketStart = Self.indexStart
        while bucketStart < Self.indexEnd {
            while period < transitions.count, transitions[period] <= bucketStart { period += 1 }
            index.append(Int32(period))
            bucketStart += Self.bucketSeconds
        }
        periodAtBucket = index
    }

    private static let cache = Mutex<[String: ZoneRules]>([:])

    /// The rules of `zone`, built on first use and cached by identifier.
    static func of(_ zone: TimeZone) -> ZoneRules {
        let key = zone.identifier
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let rules = build(zone)
        cache.withLock { $0[key] = rules }
        return rules
    }

    private static func build(_ zone: TimeZone) -> ZoneRules {
        let first = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        let last = Date(timeIntervalSince1970: 7_289_654_400)  // 2201-01-01
        var transitions: [Int64] = []
        var offsets: [Int32] = [Int32(zone.secondsFromGMT(for: first))]
        var daylight: [Bool] = [zone.isDaylightSavingTime(for: first)]
        var cursor = first
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < last, next > cursor {
            let offset = Int32(zone.secondsFromGMT(for: next))
            let dst = zone.isDaylightSavingTime(for: next)
            if offset != offsets[offsets.count - 1] || dst != daylight[daylight.count - 1] {
                transitions.append(Int64(next.timeIntervalSince1970.rounded(.down)))
                offsets.append(offset)
                daylight.append(dst)
            }
            cursor = next
        }
        return ZoneRules(transitions: transitions, offsets: offsets, daylight: daylight)
    }

    /// The offset (seconds east of UTC) and daylight-saving flag in force at `seconds`.
    @inline(__always)
    func offset(at seconds: Int64) -> (offset: Int, isDST: Bool) {
        let period = period(at: seconds)
        return (Int(offsets[period]), daylight[period])
    }

    /// The number of transitions at or before `seconds`: the index of its period in `offsets`.
    @inline(__always)
    func period(at seconds: Int64) -> Int {
        guard seconds >= Self.indexStart, seconds < Self.indexEnd else { return searchedPeriod(at: seconds) }
        var period = Int(periodAtBucket[Int((seconds - Self.indexStart) >> Self.bucketShift)])
        while period < transitions.count, transitions[period] <= seconds { period += 1 }
        return period
    }

    /// The offset (seconds east of UTC) of period `period` (see ``period(at:)``).
    @inline(__always)
    func offset(ofPeriod period: Int) -> Int { Int(offsets[period]) }

    /// The seconds period `period` spans: from the transition that starts it (nil for the first
    /// period) to the one that ends it, exclusive (nil for the last).
    @inline(__always)
    func bounds(ofPeriod period: Int) -> (start: Int64?, end: Int64?) {
        (period > 0 ? transitions[period - 1] : nil, period < transitions.count ? transitions[period] : nil)
    }

    /// ``period(at:)`` by binary search over every transition: outside the index, and the
    /// reference the index must agree with.
    func searchedPeriod(at seconds: Int64) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) >> 1
            if transitions[mid] <= seconds { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// C's `localtime_r`: the wall-clock fields of an instant in this zone.
    func localTime(_ seconds: Int64) -> BrokenDownTime {
        let (offset, dst) = offset(at: seconds)
        return Civil.fields(of: seconds, offset: offset, isDST: dst ? 1 : 0)
    }
}
