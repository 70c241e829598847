/// The trigram sets of many posts as an inverted index: for each trigram, the posts that have
/// it. A search counts, along the new text's own trigrams, how many each post shares with it,
/// which with the two sets' sizes is their exact similarity: every `add` searches every waiting
/// post, and comparing the new text with each in turn made that quadratic (bench/PROFILE.md).
///
/// A removed post leaves a dead slot in the lists; they are rebuilt without the dead slots once
/// those outnumber the living.
public struct TrigramIndex: Sendable {
    /// Per slot: the post and how many distinct trigrams it has, or `nil` once removed.
    private var posts: [(id: PostID, count: Int)?] = []
    private var slotOf: [PostID: Int] = [:]
    /// For each trigram code, the slots (living or dead) whose post has it.
    private var slotsWith: [UInt64: [Int32]] = [:]

    public init() {}

    /// How many posts the index holds.
    public var count: Int { slotOf.count }

    public func contains(_ postID: PostID) -> Bool { slotOf[postID] != nil }

    /// Adds `postID` with its trigrams, replacing those it had.
    public mutating func insert(_ postID: PostID, _ grams: Trigrams) {
        remove(postID)
        let slot = posts.count
        posts.append((postID, grams.count))
        slotOf[postID] = slot
        for code in grams.codes { slotsWith[code, default: []].append(Int32(slot)) }
    }

    /// Removes `postID`, if held.
    public mutating func remove(_ postID: PostID) {
        guard let slot = slotOf.removeValue(forKey: postID) else { return }
        posts[slot] = nil
        if posts.count > 1_024, posts.count > 2 * slotOf.count { removeDeadSlots() }
    }

    /// Removes every post not in `kept`.
    public mutating func keepOnly(_ kept: Set<PostID>) {
        for postID in Array(slotOf.keys) where !kept.contains(postID) { remove(postID) }
    }

    /// The most similar of the posts `included` accepts whose similarity with `grams` is at
    /// least `threshold`, with that score; the lowest post id among equal scores; nil when none
    /// is that similar. The scores are those of ``Trigrams/similarity(to:)``.
    public func mostSimilar(
        to grams: Trigrams, threshold: Double, including included: (PostID) -> Bool = { _ in true }
    ) -> (postID: PostID, score: Double)? {
        var shared = [Int32](repeating: 0, count: posts.count)
        for code in grams.codes {
            for slot in slotsWith[code] ?? [] { shared[Int(slot)] += 1 }
        }
        var best: (postID: PostID, score: Double)?
        for (slot, post) in posts.enumerated() {
            guard let post, included(post.id) else { continue }
            let score = Trigrams.similarity(shared: Int(shared[slot]), grams.count, post.count)
            best = NearDuplicate.better((post.id, score), than: best, threshold: threshold)
        }
        return best
    }

    /// Renumbers the living slots from 0 and drops the dead ones from every list.
    private mutating func removeDeadSlots() {
        var renumbered = [Int32](repeating: -1, count: posts.count)
        var living: [(id: PostID, count: Int)?] = []
        for (slot, post) in posts.enumerated() {
            guard let post else { continue }
            renumbered[slot] = Int32(living.count)
            slotOf[post.id] = living.count
            living.append(post)
        }
        posts = living
        slotsWith = slotsWith.compactMapValues { slots in
            let kept = slots.compactMap { renumbered[Int($0)] >= 0 ? renumbered[Int($0)] : nil }
            return kept.isEmpty ? nil : kept
        }
    }
}
