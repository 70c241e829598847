/// The CRC-32 (ISO 3309, as PNG uses it): every PNG chunk's type and data are checked against
/// the CRC the chunk carries, and the chunks Pacer writes itself get theirs.
enum CRC32 {
    /// Eight tables of 256 (slicing by 8: eight bytes a step), so that checking a PNG's tens of
    /// megabytes of image data costs about as much as copying them.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
            tables[index] = crc
        }
        for slice in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { bytes in
                func entry(_ slice: Int, _ value: UInt32) -> UInt32 { table[slice * 256 + Int(value & 0xFF)] }
                var crc: UInt32 = 0xFFFF_FFFF
                var offset = 0
                while offset + 8 <= bytes.count {
                    let low = crc ^ (UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
                    let high = UInt32(bytes[offset + 4]) | UInt32(bytes[offset + 5]) << 8 | UInt32(bytes[offset + 6]) << 16 | UInt32(bytes[offset + 7]) << 24
                    crc = entry(7, low) ^ entry(6, low >> 8) ^ entry(5, low >> 16) ^ entry(4, low >> 24)
                        ^ entry(3, high) ^ entry(2, high >> 8) ^ entry(1, high >> 16) ^ entry(0, high >> 24)
                    offset += 8
                }
                for byte in bytes[offset...] {
                    crc = entry(0, crc ^ UInt32(byte)) ^ (crc >> 8)
                }
                return crc ^ 0xFFFF_FFFF
            }
        }
    }
}
