import CSystemd
import Glibc
import PacerPOSIX

/// One journal entry, built field by field and sent with `sd_journal_sendv` over journald's native
/// protocol, which keeps values with newlines (or any other bytes) intact.
struct JournalEntry {
    private var bytes: [UInt8] = []
    private var fields: [Range<Int>] = []

    /// Adds `NAME=value`. `name` must already be a valid journal field name.
    mutating func append(_ name: String, _ value: String) {
        let start = bytes.count
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: "="))
        bytes.append(contentsOf: value.utf8)
        fields.append(start..<bytes.count)
    }

    /// Sends the entry to journald.
    func send() throws(SystemCallError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SystemCallError) -> Void in
            guard let base = buffer.baseAddress else { return }
            let vectors = fields.map { field in
                iovec(iov_base: UnsafeMutableRawPointer(mutating: base + field.lowerBound), iov_len: field.count)
            }
            try vectors.withUnsafeBufferPointer { (vectors) throws(SystemCallError) -> Void in
                try systemCall("sd_journal_sendv", failure: .negatedResult) {
                    sd_journal_sendv(vectors.baseAddress, Int32(vectors.count))
                }
            }
        }
    }
}
