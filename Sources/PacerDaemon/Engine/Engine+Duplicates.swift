import Foundation
import PacerCore
import PacerStore

/// The near-duplicate check against stored posts. Each post's ``TrigramSketch`` is computed once
/// and kept (`sketches`, forgotten when the post is edited); only posts whose sketch could reach
/// `similarity` are read back and compared exactly.
extension Engine {
    /// The stored posts a new text must not nearly repeat, with their sketches: those published
    /// within `duplicate_window`, and with `includingWaiting` every waiting post; `excluding` one post.
    func duplicateCandidates(includingWaiting: Bool, excluding: PostID?, now: Date) throws -> [(PostID, TrigramSketch)] {
        let ids = try store.recentPostIDs(
            publishedSince: now.addingTimeInterval(-config.cadence.duplicateWindow.seconds), includingWaiting: includingWaiting,
            excluding: excluding)
        let missing = ids.filter { sketches[$0] == nil }
        for (id, text) in try store.texts(of: missing) { sketches[id] = TrigramSketch(Trigrams(of: text)) }
        // Sketches of posts no longer asked about are dropped once they outnumber those asked about.
        if sketches.count > 2 * ids.count + 1_024 {
            let asked = Set(ids)
            sketches = sketches.filter { asked.contains($0.key) }
        }
        return ids.compactMap { id in sketches[id].map { (id, $0) } }
    }

    /// The most similar of `candidates` (``duplicateCandidates(includingWaiting:excluding:now:)``)
    /// if one reaches `similarity`.
    func storedNearDuplicate(of grams: Trigrams, among candidates: [(PostID, TrigramSketch)]) throws -> (postID: PostID, score: Double)? {
        try NearDuplicate.find(grams, among: candidates, threshold: config.cadence.similarity) { id in
            Trigrams(of: try store.texts(of: [id])[id] ?? "")
        }
    }
}
