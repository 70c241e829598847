/// Sizes in words for people: decimal units, as platforms state their limits.
public enum ByteSize {
    /// "1.2 MB", "850 KB" (at least "1 KB").
    public static func words(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? "\((Double(bytes) / 100_000).rounded() / 10) MB" : "\(max(1, bytes / 1_000)) KB"
    }
}
