/// Small non-negative integers by 64-bit id (a delivery's or a post's): an open-addressing table,
/// at most half full, with Fibonacci hashing and linear probing.
///
/// A `[Int64: Int]` hashes every key with SipHash, about 250 instructions a look-up; the planner
/// looks up every delivery and post, and the plan indexes every entry. Ids are the store's row
/// ids, not chosen to collide, and a multiplicative hash spreads them well enough.
struct IdentifierTable: Hashable, Sendable {
    private var keys: [Int64]
    /// Each slot's value plus one (0: an empty slot).
    private var values: [Int]
    private var count = 0
    /// 64 minus the base-2 logarithm of the number of slots: the hash is the top bits of the product.
    private var shift: UInt64

    /// Room for `capacity` ids without growing.
    init(capacity: Int) {
        var slots = 16
        while slots < 2 * capacity { slots *= 2 }
        keys = Array(repeating: 0, count: slots)
        values = Array(repeating: 0, count: slots)
        shift = UInt64(64 - slots.trailingZeroBitCount)
    }

    /// The value of `id`, if it has one.
    subscript(id: Int64) -> Int? {
        let slot = self.slot(of: id)
        return values[slot] == 0 ? nil : values[slot] - 1
    }

    /// The value of `id`; `value` (at least 0), given to it, when it has none yet.
    mutating func value(of id: Int64, orGive value: Int) -> Int {
        let slot = self.slot(of: id)
        if values[slot] != 0 { return values[slot] - 1 }
        if 2 * (count + 1) > keys.count {
            grow()
            return self.value(of: id, orGive: value)
        }
        keys[slot] = id
        values[slot] = value + 1
        count += 1
        return value
    }

    /// The slot that holds `id`, or the empty slot where it would go.
    private func slot(of id: Int64) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while values[slot] != 0, keys[slot] != id { slot = (slot + 1) & mask }
        return slot
    }

    /// Twice the slots, every id in its new place.
    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        self = IdentifierTable(capacity: keys.count)
        for slot in oldKeys.indices where oldValues[slot] != 0 {
            _ = value(of: oldKeys[slot], orGive: oldValues[slot] - 1)
        }
    }
}
