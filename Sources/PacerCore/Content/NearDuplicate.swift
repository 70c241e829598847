/// The near-duplicate measure: the Jaccard similarity of the sets of character trigrams of the
/// two normalised texts (``TextNormalizer``, ``Trigrams``), from 0 (nothing shared) to 1 (the
/// same trigrams).
///
/// Trigrams of characters (grapheme clusters, with the normalised single spaces between words)
/// tolerate small edits, reordered clauses and changed links, and work for scripts without
/// spaces between words. Texts of fewer than three characters compare as equal or not.
public enum NearDuplicate {
    /// The most similar of `others` whose score is at least `threshold`, with that score; the
    /// lowest post id among equal scores; nil when none is that similar.
    public static func find(_ text: String, among others: [(PostID, String)], threshold: Double) -> (postID: PostID, score: Double)? {
        find(Trigrams(of: text), among: others.map { ($0.0, Trigrams(of: $0.1)) }, threshold: threshold)
    }

    /// The most similar of `others` whose score is at least `threshold`, as the other `find`,
    /// for texts already cut into trigrams.
    public static func find(_ grams: Trigrams, among others: [(PostID, Trigrams)], threshold: Double) -> (postID: PostID, score: Double)? {
        var best: (postID: PostID, score: Double)?
        for (postID, other) in others {
            best = better((postID, grams.similarity(to: other)), than: best, threshold: threshold)
        }
        return best
    }

    /// `candidate` when it reaches `threshold` and beats `best` (a higher score, or the same
    /// score and a lower post id); else `best`.
    static func better(
        _ candidate: (postID: PostID, score: Double), than best: (postID: PostID, score: Double)?, threshold: Double
    ) -> (postID: PostID, score: Double)? {
        guard candidate.score >= threshold else { return best }
        if let best, best.score > candidate.score || (best.score == candidate.score && best.postID < candidate.postID) { return best }
        return candidate
    }

    /// The similarity of two texts, 0…1.
    public static func similarity(_ first: String, _ second: String) -> Double {
        Trigrams(of: first).similarity(to: Trigrams(of: second))
    }
}
