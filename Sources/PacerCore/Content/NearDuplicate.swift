/// The near-duplicate measure: the Jaccard similarity of the sets of character trigrams of the
/// two normalised texts (``TextNormalizer``, ``Trigrams``), from 0 (nothing shared) to 1 (the
/// same trigrams).
///
/// Trigrams of characters (grapheme clusters, with the normalised single spaces between words)
/// tolerate small edits, reordered clauses and changed links, and work for scripts without
/// spaces between words. Texts of fewer than three characters compare as equal or not.
///
/// A search keeps one ``TrigramSketch`` per candidate: only candidates whose sketch bound reaches
/// the threshold are compared exactly, so the result is exact and most candidates cost a few
/// dozen instructions — or, kept in a ``SketchIndex``, a few.
public enum NearDuplicate {
    /// The most similar of `others` whose score is at least `threshold`, with that score; the
    /// lowest post id among equal scores; nil when none is that similar.
    public static func find(_ text: String, among others: [(PostID, String)], threshold: Double) -> (postID: PostID, score: Double)? {
        let grams = Dictionary(others.map { ($0.0, Trigrams(of: $0.1)) }) { first, _ in first }
        return find(Trigrams(of: text), among: others.map { ($0.0, TrigramSketch(grams[$0.0]!)) }, threshold: threshold) { grams[$0]! }
    }

    /// The most similar of the candidates whose score is at least `threshold`, with that score;
    /// the lowest id among equal scores; nil when none is that similar. `trigrams` gives a
    /// candidate's exact set, asked only of candidates whose sketch could reach the threshold.
    /// (Not generic: called from another module, a generic version runs unspecialised, several
    /// times slower per candidate.)
    public static func find(
        _ grams: Trigrams, among candidates: [(PostID, TrigramSketch)], threshold: Double, trigrams: (PostID) throws -> Trigrams
    ) rethrows -> (postID: PostID, score: Double)? {
        let sketch = TrigramSketch(grams)
        return try mostSimilar(to: grams, among: candidates.lazy.filter { sketch.mayReach(threshold, with: $0.1) }.map { $0.0 },
                               threshold: threshold, trigrams: trigrams)
    }

    /// The most similar of the posts in `index` (``SketchIndex``) whose score is at least
    /// `threshold`, with that score; the lowest id among equal scores; nil when none is that
    /// similar. `included` limits the posts considered; `trigrams` as in the other `find`.
    public static func find(
        _ grams: Trigrams, in index: SketchIndex, including included: (PostID) -> Bool = { _ in true }, threshold: Double,
        trigrams: (PostID) throws -> Trigrams
    ) rethrows -> (postID: PostID, score: Double)? {
        let reaching = index.candidates(reaching: threshold, from: TrigramSketch(grams))
        return try mostSimilar(to: grams, among: reaching.lazy.filter(included), threshold: threshold, trigrams: trigrams)
    }

    /// The exact comparison with each of `postIDs` (those whose sketch could reach `threshold`).
    private static func mostSimilar(
        to grams: Trigrams, among postIDs: some Sequence<PostID>, threshold: Double, trigrams: (PostID) throws -> Trigrams
    ) rethrows -> (postID: PostID, score: Double)? {
        var best: (postID: PostID, score: Double)?
        for postID in postIDs {
            let score = grams.similarity(to: try trigrams(postID))
            guard score >= threshold else { continue }
            if let current = best, current.score > score || (current.score == score && current.postID < postID) { continue }
            best = (postID, score)
        }
        return best
    }

    /// The similarity of two texts, 0…1.
    public static func similarity(_ first: String, _ second: String) -> Double {
        Trigrams(of: first).similarity(to: Trigrams(of: second))
    }
}
