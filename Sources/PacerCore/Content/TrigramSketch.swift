/// A 1,024-bit summary of a ``Trigrams`` set that bounds its similarity to another from above
/// in a few dozen instructions, so a near-duplicate search compares exactly only the texts that
/// could reach the threshold. 144 bytes inline, whatever the text's length: cheap to keep per post.
public struct TrigramSketch: Sendable {
    /// Bit `h(code) mod 1024` is set for every trigram code.
    private var bits = InlineArray<16, UInt64>(repeating: 0)
    /// How many bits are set.
    let bitCount: Int
    /// How many distinct trigrams the text has.
    public let count: Int

    public init(_ trigrams: Trigrams) {
        for code in trigrams.codes {
            let bit = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 54)  // 10 bits
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        var set = 0
        for index in bits.indices { set += bits[index].nonzeroBitCount }
        bitCount = set
        count = trigrams.count
    }

    /// An upper bound of the Jaccard similarity of the two texts. A bit set in one sketch and
    /// not in the other stands for at least one trigram of that text the other lacks, so each
    /// text shares at most its count less those bits.
    public func similarityBound(_ other: TrigramSketch) -> Double {
        if count == 0 && other.count == 0 { return 1 }
        let shared = Self.sharedBound(count, bitCount, other.count, other.bitCount, sharedBits: sharedBits(with: other))
        return Double(shared) / Double(count + other.count - shared)
    }

    /// Whether the two texts' similarity may reach `threshold`: ``similarityBound(_:)`` ≥
    /// `threshold`, computed without a division and with a margin of a few units in the last
    /// place, so it errs only towards yes (the exact comparison that follows decides).
    public func mayReach(_ threshold: Double, with other: TrigramSketch) -> Bool {
        Self.mayReach(threshold, count, bitCount, other.count, other.bitCount, sharedBits: sharedBits(with: other))
    }

    /// ``mayReach(_:with:)`` from the two sketches' counts and the bits they share
    /// (``SketchIndex`` counts those for many sketches at once).
    static func mayReach(_ threshold: Double, _ count: Int, _ bitCount: Int, _ otherCount: Int, _ otherBitCount: Int, sharedBits: Int) -> Bool {
        if count == 0 && otherCount == 0 { return true }
        let shared = sharedBound(count, bitCount, otherCount, otherBitCount, sharedBits: sharedBits)
        return Double(shared) >= threshold * Double(count + otherCount - shared) * (1 - 1e-12)
    }

    /// At least how many bits a sketch must share with one of `count` trigrams and `bitCount`
    /// set bits for ``mayReach(_:_:_:_:_:sharedBits:)`` to hold, whatever the other text; 0 or
    /// less when any number may.
    ///
    /// The two texts share at most `count − bitCount + sharedBits` trigrams (each of this
    /// sketch's bits the other lacks stands for a trigram the other lacks), and reaching the
    /// threshold takes sharing at least `threshold × count` (the other text has at least as many
    /// trigrams as they share). So `sharedBits ≥ bitCount − (1 − threshold) × count`, rounded
    /// down, with a margin wider than ``mayReach(_:_:_:_:_:sharedBits:)``'s so that it errs only
    /// towards fewer.
    static func minimumSharedBits(_ threshold: Double, count: Int, bitCount: Int) -> Int {
        Int((Double(bitCount) - (1 - threshold * (1 - 1e-9)) * Double(count)).rounded(.down))
    }

    /// At most how many trigrams two texts share, given the bits their sketches share.
    private static func sharedBound(_ count: Int, _ bitCount: Int, _ otherCount: Int, _ otherBitCount: Int, sharedBits: Int) -> Int {
        min(count - (bitCount - sharedBits), otherCount - (otherBitCount - sharedBits))
    }

    private func sharedBits(with other: TrigramSketch) -> Int {
        var shared = 0
        for index in bits.indices { shared += (bits[index] & other.bits[index]).nonzeroBitCount }
        return shared
    }

    /// Calls `body` with the position (0..<1024) of each set bit, in increasing order.
    func forEachSetBit(_ body: (Int) -> Void) {
        for index in bits.indices {
            var word = bits[index]
            while word != 0 {
                body(index << 6 | word.trailingZeroBitCount)
                word &= word &- 1
            }
        }
    }

    /// How many bits a sketch has.
    static let width = 1_024
}
