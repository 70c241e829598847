import Foundation
import PacerCore

/// What rows 3 and 3b's growth ratio is compared with: how much longer work that is linear in
/// the plan's entries takes on this machine at 100,000 entries than at 10,000.
///
/// For each size: make that many `PlannedDelivery` values (the planner's own entries), copy them
/// out in a shuffled order (as a plan's entries go from placing order to planned order), and free
/// both arrays. The work per entry is the same at both sizes, so whatever the ratio has above 10
/// is the memory hierarchy: 10,000 entries fit a core's L2 cache, 100,000 do not. The planner
/// does far more per entry than this pass, so less of its own time goes to memory.
enum LinearGrowth {
    /// The entry counts compared, as rows 3 and 3b compare them.
    static let sizes = [10_000, 100_000]

    /// The pass's wall times in nanoseconds, `runs` of each size, the sizes taking turns.
    static func samples(runs: Int) -> [[Double]] {
        let orders = sizes.map(shuffledIndices)
        var sink = 0
        let samples = interleavedSamples(orders, runs: runs) { order in
            sink &+= pass(over: order)
        }
        if sink == 42 { print("") }  // keeps the measured work from being optimised away
        return samples
    }

    /// The size of this machine's L2 cache for one core, as sysfs gives it ("2048K"), if it does.
    static var levelTwoCache: String? {
        let folder = "/sys/devices/system/cpu/cpu0/cache"
        for index in 0..<8 {
            let level = try? String(contentsOfFile: "\(folder)/index\(index)/level", encoding: .utf8)
            guard level?.trimmingCharacters(in: .whitespacesAndNewlines) == "2" else { continue }
            return (try? String(contentsOfFile: "\(folder)/index\(index)/size", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    /// Makes `order.count` entries, copies them out in `order`, frees both; a value of the copies
    /// that depends on every one of them.
    @inline(never)
    private static func pass(over order: [Int]) -> Int {
        var placed: [PlannedDelivery] = []
        placed.reserveCapacity(order.count)
        for index in order.indices {
            let id = DeliveryID(index)
            placed.append(PlannedDelivery(deliveryID: id, postID: id / 2, channel: "c\(index % 10)", at: nil, reasons: []))
        }
        let arranged = order.map { placed[$0] }
        return arranged.reduce(0) { $0 &+ Int($1.deliveryID) }
    }

    /// `0 ..< count` in an order that looks random and is the same in every run (a linear
    /// congruential generator drives a Fisher–Yates shuffle).
    private static func shuffledIndices(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for position in stride(from: count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            indices.swapAt(position, Int((state >> 33) % UInt64(position + 1)))
        }
        return indices
    }
}
