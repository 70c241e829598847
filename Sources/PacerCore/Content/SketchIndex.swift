/// The ``TrigramSketch``es of many posts, indexed by bit, so that finding the posts whose
/// similarity bound with a new text reaches a threshold costs the length of the new sketch's
/// bit lists plus a few instructions per post — not a 1,024-bit comparison with each post.
///
/// For each of the 1,024 bit positions the index keeps the slots of the sketches that have it
/// set; a query counts, per slot, the bits it shares with the query's sketch, which with the two
/// sketches' sizes is all ``TrigramSketch/mayReach(_:with:)`` needs. A removed post leaves a
/// dead slot behind, and the slots are compacted once the dead outnumber the living.
public struct SketchIndex: Sendable {
    /// Per slot: the post, or `nil` once removed.
    private var postIDs: [PostID?] = []
    /// Per slot: its sketch's trigram count and set bits, side by side for the scan of a query.
    private var sizes: [(count: Int32, bitCount: Int32)] = []
    /// Per slot: the sketch, read only when the slots are compacted.
    private var sketches: [TrigramSketch] = []
    private var slotOf: [PostID: Int32] = [:]
    /// For each bit position, the slots (living or dead) whose sketch has it set.
    private var slotsByBit = [[Int32]](repeating: [], count: TrigramSketch.width)

    public init() {}

    /// How many posts the index holds.
    public var count: Int { slotOf.count }

    public func contains(_ postID: PostID) -> Bool { slotOf[postID] != nil }

    /// Adds `postID` with `sketch`, replacing the sketch it had.
    public mutating func insert(_ postID: PostID, _ sketch: TrigramSketch) {
        remove(postID)
        let slot = Int32(postIDs.count)
        postIDs.append(postID)
        sizes.append((Int32(sketch.count), Int32(sketch.bitCount)))
        sketches.append(sketch)
        slotOf[postID] = slot
        sketch.forEachSetBit { slotsByBit[$0].append(slot) }
    }

    /// Removes `postID`, if held.
    public mutating func remove(_ postID: PostID) {
        guard let slot = slotOf.removeValue(forKey: postID) else { return }
        postIDs[Int(slot)] = nil
        if postIDs.count > 1_024, postIDs.count > 2 * slotOf.count { compact() }
    }

    /// Removes every post not in `kept`.
    public mutating func keepOnly(_ kept: Set<PostID>) {
        for postID in Array(slotOf.keys) where !kept.contains(postID) { remove(postID) }
    }

    /// The posts whose similarity may reach `threshold` (``TrigramSketch/mayReach(_:with:)``):
    /// a superset of those whose exact similarity does, in no particular order.
    public func candidates(reaching threshold: Double, from sketch: TrigramSketch) -> [PostID] {
        var sharedBits = [UInt16](repeating: 0, count: postIDs.count)
        sharedBits.withUnsafeMutableBufferPointer { shared in
            sketch.forEachSetBit { bit in
                for slot in slotsByBit[bit] { shared[Int(slot)] &+= 1 }
            }
        }
        var found: [PostID] = []
        let count = sketch.count, bitCount = sketch.bitCount
        // Most posts share too few bits to reach the threshold, whatever their size: an integer
        // comparison turns them away before the bound's arithmetic.
        let required = TrigramSketch.minimumSharedBits(threshold, count: count, bitCount: bitCount)
        for slot in postIDs.indices where Int(sharedBits[slot]) >= required {
            guard let postID = postIDs[slot] else { continue }
            let size = sizes[slot]
            guard TrigramSketch.mayReach(threshold, count, bitCount, Int(size.count), Int(size.bitCount), sharedBits: Int(sharedBits[slot])) else { continue }
            found.append(postID)
        }
        return found
    }

    /// Rebuilds the slots and bit lists from the living posts only.
    private mutating func compact() {
        let living = postIDs.indices.compactMap { slot in postIDs[slot].map { ($0, sketches[slot]) } }
        postIDs = []
        sizes = []
        sketches = []
        slotOf = [:]
        slotsByBit = [[Int32]](repeating: [], count: TrigramSketch.width)
        for (postID, sketch) in living { insert(postID, sketch) }
    }
}
