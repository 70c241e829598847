import Foundation
import PacerCore
import PacerStore

/// The stored posts a near-duplicate check compares with: those of the engine's ``SketchIndex``
/// that `included` accepts.
struct DuplicateCandidates {
    var index: SketchIndex
    /// `nil` when every post of the index is a candidate.
    var included: Set<PostID>?
}

/// The near-duplicate check against stored posts. Each post's ``TrigramSketch`` is computed once
/// and kept in `sketchIndex` (dropped when the post is edited); only posts whose sketch could
/// reach `similarity` are read back and compared exactly.
extension Engine {
    /// The stored posts a new text must not nearly repeat: those published within
    /// `duplicate_window`, and with `includingWaiting` every waiting post; `excluding` one post.
    /// With `includingWaiting` the index is brought to exactly those posts (the set every `add`
    /// compares with); without, it only gains the ones it lacks.
    func duplicateCandidates(includingWaiting: Bool, excluding: PostID?, now: Date) throws -> DuplicateCandidates {
        let ids = try store.recentPostIDs(
            publishedSince: now.addingTimeInterval(-config.cadence.duplicateWindow.seconds), includingWaiting: includingWaiting)
        let missing = Array(ids.filter { !sketchIndex.contains($0) })
        for (id, text) in try store.texts(of: missing) { sketchIndex.insert(id, TrigramSketch(Trigrams(of: text))) }
        var included = ids
        if includingWaiting { sketchIndex.keepOnly(included) }
        if let excluding { included.remove(excluding) }
        let everyPost = includingWaiting && excluding == nil
        return DuplicateCandidates(index: sketchIndex, included: everyPost ? nil : included)
    }

    /// The most similar of `candidates` (``duplicateCandidates(includingWaiting:excluding:now:)``)
    /// if one reaches `similarity`.
    func storedNearDuplicate(of grams: Trigrams, among candidates: DuplicateCandidates) throws -> (postID: PostID, score: Double)? {
        try NearDuplicate.find(
            grams, in: candidates.index, including: { candidates.included?.contains($0) ?? true }, threshold: config.cadence.similarity
        ) { id in
            Trigrams(of: try store.texts(of: [id])[id] ?? "")
        }
    }
}
