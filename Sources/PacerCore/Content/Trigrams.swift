/// The set of character trigrams of a normalised text (``TextNormalizer``), as sorted distinct
/// 64-bit codes: the exact set ``NearDuplicate`` compares, computed once per text.
///
/// A trigram of three single-scalar characters is coded exactly (21 bits per scalar); one with a
/// multi-scalar character (an emoji with a modifier, a letter with a combining mark) by a 64-bit
/// FNV-1a hash of its UTF-8 with the top bit set, so the two kinds never meet. A text of fewer
/// than three characters is its own single gram (hashed the same way).
public struct Trigrams: Sendable, Hashable {
    /// The codes, ascending, without repeats.
    public let codes: [UInt64]

    /// The trigrams of `text` after normalisation.
    public init(of text: String) {
        self.init(normalized: TextNormalizer.normalize(text))
    }

    /// The trigrams of a text that is already normalised: a trigram is three grapheme clusters.
    init(normalized text: String) {
        let characters = Array(text)
        codes = Self.codes(length: characters.count, of: text) { start in
            Self.code(characters[start], characters[start + 1], characters[start + 2])
        }
    }

    /// The sorted distinct codes of the trigrams starting at `0 ... length − 3` of `text`, a text
    /// of `length` characters (`code(start)` codes the one at `start`); a text of fewer than three
    /// characters is its own single gram.
    private static func codes(length: Int, of text: String, _ code: (Int) -> UInt64) -> [UInt64] {
        guard length >= 3 else { return text.isEmpty ? [] : [hashed(text)] }
        var codes: [UInt64] = []
        codes.reserveCapacity(length - 2)
        for start in 0...(length - 3) { codes.append(code(start)) }
        codes.sort()
        var distinct: [UInt64] = []
        distinct.reserveCapacity(codes.count)
        for code in codes where distinct.last != code { distinct.append(code) }
        return distinct
    }

    /// How many distinct trigrams.
    public var count: Int { codes.count }

    /// The Jaccard similarity of the two sets, 0…1; two empty sets are alike (1).
    public func similarity(to other: Trigrams) -> Double {
        var shared = 0
        var left = 0, right = 0
        while left < codes.count && right < other.codes.count {
            if codes[left] == other.codes[right] {
                shared += 1
                left += 1
                right += 1
            } else if codes[left] < other.codes[right] {
                left += 1
            } else {
                right += 1
            }
        }
        return Self.similarity(shared: shared, codes.count, other.codes.count)
    }

    /// The Jaccard similarity of two sets of `count` and `otherCount` trigrams that have `shared`
    /// in common; two empty sets are alike (1).
    static func similarity(shared: Int, _ count: Int, _ otherCount: Int) -> Double {
        if count == 0 && otherCount == 0 { return 1 }
        return Double(shared) / Double(count + otherCount - shared)
    }

    private static func code(_ first: Character, _ second: Character, _ third: Character) -> UInt64 {
        let scalars = (first.unicodeScalars, second.unicodeScalars, third.unicodeScalars)
        guard scalars.0.count == 1, scalars.1.count == 1, scalars.2.count == 1,
              let a = scalars.0.first, let b = scalars.1.first, let c = scalars.2.first
        else { return hashed(String([first, second, third])) }
        return UInt64(a.value) << 42 | UInt64(b.value) << 21 | UInt64(c.value)
    }

    private static func hashed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash | 1 << 63
    }
}
