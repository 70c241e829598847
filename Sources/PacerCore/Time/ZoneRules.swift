import Foundation
import Synchronization

/// The UTC offsets of one time zone as a sorted table, so that converting an instant to wall-clock
/// time costs a binary search instead of a Foundation call.
///
/// Tables are built once per zone identifier from `TimeZone`'s own transitions (1900 to 2201,
/// which covers systemd's calendar range of 1970–2199) and shared between callers.
struct ZoneRules: Sendable {
    /// Instants (seconds since the epoch) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// The offset in seconds east of UTC before the first transition, then after each one.
    private let offsets: [Int32]
    /// Whether daylight-saving time is in force in the matching `offsets` period.
    private let daylight: [Bool]

    /// Rules for UTC (no transitions, offset 0).
    static let utc = ZoneRules(transitions: [], offsets: [0], daylight: [false])

    private init(transitions: [Int64], offsets: [Int32], daylight: [Bool]) {
        self.transitions = transitions
        self.offsets = offsets
        self.daylight = daylight
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
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) >> 1
            if transitions[mid] <= seconds { low = mid + 1 } else { high = mid }
        }
        return (Int(offsets[low]), daylight[low])
    }

    /// C's `localtime_r`: the wall-clock fields of an instant in this zone.
    func localTime(_ seconds: Int64) -> BrokenDownTime {
        let (offset, dst) = offset(at: seconds)
        return Civil.fields(of: seconds, offset: offset, isDST: dst ? 1 : 0)
    }
}
