/// Reason details that name a delivery (`min_gap 24h after delivery 12`): each is its own, so
/// it is written in one allocation from its parts instead of appended piece by piece.
enum ReasonText {
    /// Up to five parts, one after the other (fixed parameters, not variadic: a variadic list
    /// would be one more allocation per reason).
    static func joined(_ first: String, _ second: String, _ third: String = "", _ fourth: String = "", _ fifth: String = "") -> String {
        let count = first.utf8.count + second.utf8.count + third.utf8.count + fourth.utf8.count + fifth.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = put(first, into: buffer, at: 0)
            index = put(second, into: buffer, at: index)
            index = put(third, into: buffer, at: index)
            index = put(fourth, into: buffer, at: index)
            return put(fifth, into: buffer, at: index)
        }
    }

    /// Copies `text`'s bytes into `buffer` at `index`; the index after them.
    private static func put(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        let rest = UnsafeMutableBufferPointer(rebasing: buffer[index...])
        return index + (text.utf8.withContiguousStorageIfAvailable { rest.initialize(fromContentsOf: $0) } ?? rest.initialize(fromContentsOf: text.utf8))
    }
}
