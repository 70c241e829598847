/// Bounds-checked reads of the fixed-width numbers image formats are made of. An image's bytes are
/// hostile input: every read answers nil, never traps, when the bytes end before the number does.
struct ByteReader {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    func has(_ length: Int, at offset: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count - length
    }

    func uint8(at offset: Int) -> Int? {
        has(1, at: offset) ? Int(bytes[offset]) : nil
    }

    func uint16(at offset: Int, bigEndian: Bool) -> Int? {
        guard has(2, at: offset) else { return nil }
        let first = Int(bytes[offset]), second = Int(bytes[offset + 1])
        return bigEndian ? first << 8 | second : second << 8 | first
    }

    func uint24LittleEndian(at offset: Int) -> Int? {
        guard has(3, at: offset) else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
    }

    func uint32(at offset: Int, bigEndian: Bool) -> Int? {
        guard let high = uint16(at: bigEndian ? offset : offset + 2, bigEndian: bigEndian),
            let low = uint16(at: bigEndian ? offset + 2 : offset, bigEndian: bigEndian)
        else { return nil }
        return high << 16 | low
    }

    /// Whether `expected` is at `offset`, all of it.
    func matches(_ expected: [UInt8], at offset: Int) -> Bool {
        guard has(expected.count, at: offset) else { return false }
        return bytes[offset..<offset + expected.count].elementsEqual(expected)
    }

    /// Whether `needle` occurs anywhere inside `range` (clamped to the bytes).
    func contains(_ needle: [UInt8], in range: Range<Int>) -> Bool {
        guard let first = needle.first else { return true }
        let lower = max(range.lowerBound, 0), upper = min(range.upperBound, bytes.count) - needle.count
        guard lower <= upper else { return false }
        for start in lower...upper where bytes[start] == first && matches(needle, at: start) {
            return true
        }
        return false
    }
}

extension Array where Element == UInt8 {
    /// The bytes of an ASCII string, for the signatures and keywords image formats use.
    init(ascii text: String) {
        self = Array(text.utf8)
    }
}
