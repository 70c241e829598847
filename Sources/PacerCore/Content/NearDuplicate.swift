/// The near-duplicate measure: the Jaccard similarity of the sets of character trigrams of the
/// two normalised texts (``TextNormalizer``), from 0 (nothing shared) to 1 (the same trigrams).
///
/// Trigrams of characters (grapheme clusters, with the normalised single spaces between words)
/// tolerate small edits, reordered clauses and changed links, and work for scripts without
/// spaces between words. Texts of fewer than three characters compare as equal or not.
public enum NearDuplicate {
    /// The most similar of `others` whose score is at least `threshold`, with that score; the
    /// lowest post id among equal scores; nil when none is that similar.
    public static func find(_ text: String, among others: [(PostID, String)], threshold: Double) -> (postID: PostID, score: Double)? {
        let grams = trigrams(of: TextNormalizer.normalize(text))
        var best: (postID: PostID, score: Double)?
        for (postID, other) in others {
            let score = similarity(grams, trigrams(of: TextNormalizer.normalize(other)))
            guard score >= threshold else { continue }
            if let current = best, current.score > score || (current.score == score && current.postID < postID) { continue }
            best = (postID, score)
        }
        return best
    }

    /// The similarity of two texts, 0…1.
    public static func similarity(_ first: String, _ second: String) -> Double {
        similarity(trigrams(of: TextNormalizer.normalize(first)), trigrams(of: TextNormalizer.normalize(second)))
    }

    private static func similarity(_ first: Set<String>, _ second: Set<String>) -> Double {
        if first.isEmpty && second.isEmpty { return 1 }
        let shared = first.intersection(second).count
        return Double(shared) / Double(first.count + second.count - shared)
    }

    /// The set of three-character substrings; a shorter text is its own single gram.
    static func trigrams(of text: String) -> Set<String> {
        let characters = Array(text)
        guard characters.count >= 3 else { return text.isEmpty ? [] : [text] }
        var grams = Set<String>()
        for start in 0...(characters.count - 3) { grams.insert(String(characters[start..<start + 3])) }
        return grams
    }
}
