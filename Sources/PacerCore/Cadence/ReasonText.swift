/// Reason details that name a delivery (`min_gap 24h after delivery 12`): each is its own, so
/// it is written in one allocation, its words and the delivery's id byte by byte, instead of
/// interpolated piece by piece.
enum ReasonText {
    /// `words`, the decimal `delivery`, then up to three more parts (fixed parameters, not
    /// variadic: a variadic list would be one more allocation per reason).
    static func naming(_ delivery: DeliveryID, after words: String, then third: String = "", _ fourth: String = "", _ fifth: String = "") -> String {
        let magnitude = delivery.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let idCount = digits + (delivery < 0 ? 1 : 0)
        let count = words.utf8.count + idCount + third.utf8.count + fourth.utf8.count + fifth.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = put(words, into: buffer, at: 0)
            if delivery < 0 { buffer[index] = UInt8(ascii: "-") }
            index += idCount
            var value = magnitude
            for position in stride(from: index - 1, through: index - digits, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
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
