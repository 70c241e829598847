/// The instants each post already has (history and what the planner placed so far), for
/// `cross_post_gap`.
struct PostInstants {
    private var instants: [PostID: [Ledger.Entry]] = [:]

    /// Records that `post` goes (or went) out at `entry`.
    mutating func record(_ entry: Ledger.Entry, post: PostID) {
        instants[post, default: []].append(entry)
    }

    /// The latest instant of `post` on a channel other than `channel` strictly closer than `gap`
    /// to `instant`; among equally late ones, the first recorded.
    func conflict(post: PostID, channel: Int, at instant: Int64, gap: Int64) -> Ledger.Entry? {
        var best: Ledger.Entry?
        for entry in instants[post] ?? [] where entry.channel != channel && entry.at > instant - gap && entry.at < instant + gap {
            if best.map({ entry.at > $0.at }) ?? true { best = entry }
        }
        return best
    }
}
