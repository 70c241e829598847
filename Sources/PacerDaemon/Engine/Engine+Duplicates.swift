import Foundation
import PacerCore
import PacerStore

/// The near-duplicate check against stored posts. Each post's ``TrigramSketch`` is computed once
/// and kept (`sketches`, forgotten when the post is edited); only posts whose sketch could reach
/// `similarity` are read back and compared exactly.
extension Engine {
    /// The most similar stored post among those a new text must not nearly repeat (published
    /// within `duplicate_window`, and with `includingWaiting` every waiting post), if one reaches
    /// `similarity`; `excluding` one post.
    func storedNearDuplicate(
        of grams: Trigrams, includingWaiting: Bool, excluding: PostID?, now: Date
    ) throws -> (postID: PostID, score: Double)? {
        let ids = try store.recentPostIDs(
            publishedSince: now.addingTimeInterval(-config.cadence.duplicateWindow.seconds), includingWaiting: includingWaiting,
            excluding: excluding)
        return try NearDuplicate.find(grams, among: try sketches(of: ids), threshold: config.cadence.similarity) { id in
            Trigrams(of: try store.texts(of: [id])[id] ?? "")
        }
    }

    /// The sketches of the posts `ids`, read and computed for those not kept yet. Sketches of
    /// posts no longer asked about are dropped once they outnumber those asked about.
    private func sketches(of ids: [PostID]) throws -> [(PostID, TrigramSketch)] {
        let missing = ids.filter { sketches[$0] == nil }
        for (id, text) in try store.texts(of: missing) { sketches[id] = TrigramSketch(Trigrams(of: text)) }
        if sketches.count > 2 * ids.count + 1_024 {
            let asked = Set(ids)
            sketches = sketches.filter { asked.contains($0.key) }
        }
        return ids.compactMap { id in sketches[id].map { (id, $0) } }
    }
}
