/// Distinct post texts: twelve words drawn by a fixed pseudo-random sequence, so no two are
/// near-duplicates (pacerd refuses those) and every run queues the same texts.
struct Texts {
    private static let words = """
        release notes shipped today review design systemd daemon queue cadence planner swift server socket \
        timer journal sqlite commit durable outbox channel mastodon bluesky webhook profile memory start \
        latency median budget gap slot blackout weekly daily account thread client request reply \
        benchmark linux kernel disk fsync cache index migration schema ledger attempt retry backoff \
        jitter reputation audience follower writing editing drafting morning evening coffee garden river
        """.split(separator: " ").map(String.init)

    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> String {
        (0..<12).map { _ in
            // xorshift64*
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Self.words[Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % Self.words.count]
        }.joined(separator: " ")
    }
}
