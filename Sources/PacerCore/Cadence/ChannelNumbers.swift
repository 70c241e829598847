/// The planner's channel numbers by name, in the order the names were added (configured channels,
/// then channels only the history mentions).
///
/// Every delivery names its channel, and a `[String: Int]` hashes that name with SipHash on every
/// look-up (about 340 instructions for a short name). Here a name is hashed with FNV-1a over its
/// UTF-8 bytes into an open-addressing table of at most half-full slots. Strings that differ in
/// their bytes can still be equal (canonically equivalent Unicode); so when a name with a
/// non-ASCII byte is not found by its bytes, it is compared with every name, and the answers are
/// those of a dictionary.
struct ChannelNumbers {
    /// The names, by number.
    private(set) var names: [String] = []
    /// Each slot holds a name's number plus one (0: empty); the count is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 16)

    /// The number of `name`, if it was added.
    func number(of name: String) -> Int? {
        let (hash, isASCII) = Self.hash(name)
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 {
            let number = Int(slots[slot]) - 1
            if names[number] == name { return number }
            slot = (slot + 1) & mask
        }
        return isASCII ? nil : names.firstIndex(of: name)
    }

    /// Gives `name` the next number, unless it has one.
    mutating func add(_ name: String) {
        guard number(of: name) == nil else { return }
        names.append(name)
        if 2 * names.count > slots.count {
            slots = Array(repeating: 0, count: 2 * slots.count)
            for number in names.indices { insert(number) }
        } else {
            insert(names.count - 1)
        }
    }

    /// Puts number `number` in the first free slot from its name's hash.
    private mutating func insert(_ number: Int) {
        let mask = slots.count - 1
        var slot = Self.hash(names[number]).hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(number + 1)
    }

    /// FNV-1a of the name's UTF-8 bytes, and whether they are all ASCII.
    private static func hash(_ name: String) -> (hash: Int, isASCII: Bool) {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            var bits: UInt8 = 0
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                bits |= byte
            }
            return (Int(truncatingIfNeeded: hash), bits < 0x80)
        }
    }
}
