/// Small non-negative integers by 64-bit id (a delivery's or a post's): an open-addressing table,
/// at most half full, with Fibonacci hashing and linear probing.
///
/// A `[Int64: Int]` hashes every key with SipHash, about 250 instructions a look-up; the planner
/// looks up every delivery and post, and the plan indexes every entry. Ids are the store's row
/// ids, not chosen to collide, and a multiplicative hash spreads them well enough.
struct IdentifierTable: Hashable, Sendable {
    /// A slot: an id and its value plus one (0: an empty slot), side by side, so that a probe
    /// reads one cache line, not one in each of two arrays.
    private struct Slot: Hashable, Sendable {
        var key: Int64 = 0
        var value = 0
    }

    private var slots: [Slot]
    private var count = 0
    /// 64 minus the base-2 logarithm of the number of slots: the hash is the top bits of the product.
    private var shift: UInt64

    /// Room for `capacity` ids without growing.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: Slot(), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// The value of `id`, if it has one.
    subscript(id: Int64) -> Int? {
        let value = slots[slot(of: id)].value
        return value == 0 ? nil : value - 1
    }

    /// The value of `id`; `value` (at least 0), given to it, when it has none yet.
    mutating func value(of id: Int64, orGive value: Int) -> Int {
        let slot = self.slot(of: id)
        if slots[slot].value != 0 { return slots[slot].value - 1 }
        if 2 * (count + 1) > slots.count {
            grow()
            return self.value(of: id, orGive: value)
        }
        slots[slot] = Slot(key: id, value: value + 1)
        count += 1
        return value
    }

    /// The slot that holds `id`, or the empty slot where it would go.
    private func slot(of id: Int64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[slot].value != 0, slots[slot].key != id { slot = (slot + 1) & mask }
        return slot
    }

    /// Twice the slots, every id in its new place.
    private mutating func grow() {
        let old = slots
        self = IdentifierTable(capacity: slots.count)
        for slot in old where slot.value != 0 {
            _ = value(of: slot.key, orGive: slot.value - 1)
        }
    }
}
