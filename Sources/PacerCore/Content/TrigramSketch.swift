/// A 1,024-bit summary of a ``Trigrams`` set that bounds its similarity to another from above
/// in a few dozen instructions, so a near-duplicate search compares exactly only the texts that
/// could reach the threshold. 136 bytes, whatever the text's length: cheap to keep per post.
public struct TrigramSketch: Sendable, Hashable {
    static let words = 16
    /// Bit `h(code) mod 1024` is set for every trigram code.
    private let bits: [UInt64]
    /// How many distinct trigrams the text has.
    public let count: Int

    public init(_ trigrams: Trigrams) {
        var bits = [UInt64](repeating: 0, count: Self.words)
        for code in trigrams.codes {
            let bit = Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 54)  // 10 bits
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.bits = bits
        count = trigrams.count
    }

    /// An upper bound of the Jaccard similarity of the two texts. A bit set in one sketch and
    /// not in the other stands for at least one trigram of that text the other lacks, so each
    /// text shares at most its count less those bits.
    public func similarityBound(_ other: TrigramSketch) -> Double {
        if count == 0 && other.count == 0 { return 1 }
        var onlyHere = 0, onlyThere = 0
        for index in 0..<Self.words {
            onlyHere += (bits[index] & ~other.bits[index]).nonzeroBitCount
            onlyThere += (other.bits[index] & ~bits[index]).nonzeroBitCount
        }
        let shared = min(count - onlyHere, other.count - onlyThere)
        return Double(shared) / Double(count + other.count - shared)
    }
}
