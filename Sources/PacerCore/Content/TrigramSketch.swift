/// A 1,024-bit summary of a ``Trigrams`` set that bounds its similarity to another from above
/// in a few dozen instructions, so a near-duplicate search compares exactly only the texts that
/// could reach the threshold. 144 bytes inline, whatever the text's length: cheap to keep per post.
public struct TrigramSketch: Sendable {
    /// Bit `h(code) mod 1024` is set for every trigram code.
    private var bits = InlineArray<16, UInt64>(repeating: 0)
    /// How many bits are set.
    private let bitCount: Int
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
        var sharedBits = 0
        for index in bits.indices { sharedBits += (bits[index] & other.bits[index]).nonzeroBitCount }
        let shared = min(count - (bitCount - sharedBits), other.count - (other.bitCount - sharedBits))
        return Double(shared) / Double(count + other.count - shared)
    }
}
