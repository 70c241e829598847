import Foundation
import PacerCore
import PacerStore

/// The stored posts a near-duplicate check compares with: those of the engine's ``SketchIndex``
/// that `included` accepts.
struct DuplicateCandidates {
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
    /// compares with), and they are kept in `recentPosts`: the next call takes them from there
    /// while the store's revision and the window say they still hold (an `add` batch adds its
    /// own posts to both). Without, the index only gains the ones it lacks.
    func duplicateCandidates(includingWaiting: Bool, excluding: PostID?, now: Date) throws -> DuplicateCandidates {
        let since = now.addingTimeInterval(-config.cadence.duplicateWindow.seconds)
        let recent: RecentPosts
        if includingWaiting, let kept = recentPosts, kept.stillHold(revision: store.revision, since: since) {
            recent = kept
        } else {
            recent = try store.recentPosts(publishedSince: since, includingWaiting: includingWaiting)
            let missing = Array(recent.ids.filter { !sketchIndex.contains($0) })
            for (id, text) in try store.texts(of: missing) { sketchIndex.insert(id, TrigramSketch(Trigrams(of: text))) }
            if includingWaiting {
                sketchIndex.keepOnly(recent.ids)
                recentPosts = recent
            }
        }
        guard !includingWaiting || excluding != nil else { return DuplicateCandidates(included: nil) }
        var included = recent.ids
        if let excluding { included.remove(excluding) }
        return DuplicateCandidates(included: included)
    }

    /// Adds the posts an `add` batch stored to `sketchIndex` and, when `recentPosts` was read at
    /// `revision` (the store's revision just before that batch's commit), to `recentPosts` too,
    /// which then stands for the store at `committed` (the revision the commit made).
    func keep(_ added: [(PostID, TrigramSketch)], storedAfter revision: UInt64, as committed: UInt64) {
        let kept = recentPosts
        for (id, sketch) in added { sketchIndex.insert(id, sketch) }
        guard var kept, kept.revision == revision else { return }
        kept.ids.formUnion(added.map(\.0))
        kept.revision = committed
        recentPosts = kept
    }

    /// The most similar of `candidates` (``duplicateCandidates(includingWaiting:excluding:now:)``)
    /// if one reaches `similarity`.
    func storedNearDuplicate(of grams: Trigrams, among candidates: DuplicateCandidates) throws -> (postID: PostID, score: Double)? {
        try NearDuplicate.find(
            grams, in: sketchIndex, including: { candidates.included?.contains($0) ?? true }, threshold: config.cadence.similarity
        ) { id in
            Trigrams(of: try store.texts(of: [id])[id] ?? "")
        }
    }
}
