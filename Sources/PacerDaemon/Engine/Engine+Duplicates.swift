import Foundation
import PacerCore
import PacerStore

/// The stored posts a near-duplicate check compares with: those of the engine's ``TrigramIndex``
/// that `included` accepts.
struct DuplicateCandidates {
    /// `nil` when every post of the index is a candidate.
    var included: Set<PostID>?
}

/// The near-duplicate check against stored posts. Each post's ``Trigrams`` are computed once and
/// kept in `trigramIndex` (dropped when the post is edited), which gives the exact similarity of
/// a new text with every post it holds in one pass.
extension Engine {
    /// The stored posts a new text must not nearly repeat: those published within
    /// `duplicate_window`, and with `includingWaiting` every waiting post; `excluding` one post.
    /// Read from the store at each call; the index gains the ones it lacks, and with
    /// `includingWaiting` (the set every `add` compares with) it is brought to exactly those.
    func duplicateCandidates(includingWaiting: Bool, excluding: PostID?, now: Date) throws -> DuplicateCandidates {
        let since = now.addingTimeInterval(-config.cadence.duplicateWindow.seconds)
        var ids = try store.recentPosts(publishedSince: since, includingWaiting: includingWaiting)
        let missing = ids.filter { !trigramIndex.contains($0) }
        for (id, text) in try store.texts(of: Array(missing)) { trigramIndex.insert(id, Trigrams(of: text)) }
        guard includingWaiting else {
            if let excluding { ids.remove(excluding) }
            return DuplicateCandidates(included: ids)
        }
        trigramIndex.keepOnly(ids)
        // The index now holds exactly the candidates: only an excluded post needs leaving out.
        guard let excluding else { return DuplicateCandidates(included: nil) }
        ids.remove(excluding)
        return DuplicateCandidates(included: ids)
    }

    /// The most similar of `candidates` (``duplicateCandidates(includingWaiting:excluding:now:)``)
    /// if one reaches `similarity`.
    func storedNearDuplicate(of grams: Trigrams, among candidates: DuplicateCandidates) -> (postID: PostID, score: Double)? {
        trigramIndex.mostSimilar(to: grams, threshold: config.cadence.similarity) { candidates.included?.contains($0) ?? true }
    }
}
