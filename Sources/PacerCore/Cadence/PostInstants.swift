/// The instants each post already has (history and what the planner placed so far), for
/// `cross_post_gap`.
///
/// Posts are numbered densely as they first appear (``number(of:)``), so a delivery hashes its
/// post once; each post's instants form a chain through one flat list, so recording an instant
/// allocates nothing per post.
struct PostInstants {
    private var numbers: IdentifierTable
    /// The index in `chain` of each post's latest instant, by post number (-1: none yet).
    private var latest: [Int] = []
    /// Every recorded instant, with the index of its post's previous one (-1: none).
    private var chain: [(entry: Ledger.Entry, previous: Int)] = []

    /// Room for `capacity` posts and instants without growing.
    init(capacity: Int) {
        numbers = IdentifierTable(capacity: capacity)
        latest.reserveCapacity(capacity)
        chain.reserveCapacity(capacity)
    }

    /// The last post numbered: a post's deliveries often come one after another.
    private var last: (post: PostID, number: Int)?

    /// The dense number of `post`, given on first sight.
    mutating func number(of post: PostID) -> Int {
        if let last, last.post == post { return last.number }
        let number = numbers.value(of: post, orGive: latest.count)
        if number == latest.count { latest.append(-1) }
        last = (post, number)
        return number
    }

    /// Records that post number `post` goes (or went) out at `entry`.
    mutating func record(_ entry: Ledger.Entry, post: Int) {
        chain.append((entry, latest[post]))
        latest[post] = chain.count - 1
    }

    /// The latest instant of post number `post` on a channel other than `channel` strictly
    /// closer than `gap` to `instant`; among equally late ones, the first recorded.
    func conflict(post: Int, channel: Int, at instant: Int64, gap: Int64) -> Ledger.Entry? {
        var best: Ledger.Entry?
        var link = latest[post]
        while link >= 0 {
            let entry = chain[link].entry
            if entry.channel != channel, entry.at > instant - gap, entry.at < instant + gap, best.map({ entry.at >= $0.at }) ?? true {
                best = entry
            }
            link = chain[link].previous
        }
        return best
    }
}
