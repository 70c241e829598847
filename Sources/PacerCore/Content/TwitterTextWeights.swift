/// The weights of twitter-text's v3 configuration (`config/v3.json` in the twitter-text
/// repository): a code point in one of these ranges weighs 100, any other 200, on a scale of
/// 100 per character, with 280 characters (28,000) allowed. URLs weigh 23 characters and an
/// emoji sequence weighs 200, whatever its length.
enum TwitterTextWeights {
    static let scale = 100
    static let defaultWeight = 200
    static let maxWeightedLength = 280
    static let transformedURLLength = 23

    /// Inclusive code point ranges of weight 100: Latin through Georgian and Hangul Jamo start,
    /// general punctuation spaces and dashes, quotes and bullets, and the narrow spaces.
    static let lightRanges: [ClosedRange<UInt32>] = [0...4351, 8192...8205, 8208...8223, 8242...8247]

    /// The weight of one code point.
    static func weight(of scalar: UInt32) -> Int {
        lightRanges.contains { $0.contains(scalar) } ? 100 : defaultWeight
    }
}
