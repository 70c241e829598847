import Foundation
import PacerCore

/// Record keys of `app.bsky.feed.post`, which must be TIDs: 64 bits (the top one zero), 53 bits of
/// microseconds since 1970 and 10 bits of clock id, written as 13 characters of base32-sortable
/// (`234567abcdefghijklmnopqrstuvwxyz`).
///
/// A key is made once per part of a delivery, from the instant of the part's first attempt and the
/// delivery id as clock id, and kept (see ``BlueskyRecordKeys``): every later attempt uses the same
/// key, so the repository can hold at most one post of each part.
enum RecordKey {
    private static let alphabet = Array("234567abcdefghijklmnopqrstuvwxyz".utf8)

    /// The key for `instant`, one microsecond later for each time it would be one of `taken` (the
    /// keys of the delivery's earlier parts, which may have been made in the same microsecond).
    static func make(at instant: Date, delivery: DeliveryID, avoiding taken: Set<String> = []) -> String {
        var microseconds = UInt64(max(0, instant.timeIntervalSince1970 * 1_000_000))
        while true {
            let value = (microseconds & ((1 << 53) - 1)) << 10 | UInt64(bitPattern: delivery) & 0x3FF
            let characters = (0..<13).map { position in alphabet[Int(value >> UInt64(60 - 5 * position) & 0x1F)] }
            let key = String(decoding: characters, as: UTF8.self)
            if !taken.contains(key) { return key }
            microseconds += 1
        }
    }

    /// Whether `text` has the shape of a TID.
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 13 && bytes.allSatisfy(alphabet.contains) && Array("234567abcdefghij".utf8).contains(bytes[0])
    }
}
