/// The `jitter` offset of a delivery: `splitmix64(id) mod s` whole seconds for a span of `s`
/// seconds (at most a week), so the same delivery always gets the same offset and the plan stays
/// deterministic and explainable.
enum Jitter {
    /// The longest jitter span the planner honours.
    static let longest: Int64 = 7 * 86_400_000_000

    /// The span in microseconds (0 without jitter), at most ``longest``.
    static func window(_ span: TimeSpan?) -> Int64 { min(max(span?.microseconds ?? 0, 0), longest) }

    /// The offset in microseconds, in `0 ..< window(span)`; 0 without jitter or for a span under one second.
    static func offset(for delivery: DeliveryID, within span: TimeSpan?) -> Int64 {
        let seconds = UInt64(window(span) / 1_000_000)
        guard seconds > 0 else { return 0 }
        return Int64(splitmix64(UInt64(bitPattern: delivery)) % seconds) * 1_000_000
    }

    /// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective 64-bit mix.
    static func splitmix64(_ seed: UInt64) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
