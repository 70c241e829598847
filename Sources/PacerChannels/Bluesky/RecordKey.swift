import Foundation
import PacerCore

/// Record keys of `app.bsky.feed.post`, which must be TIDs: 64 bits (the top one zero), 53 bits of
/// microseconds since 1970 and 10 bits of clock id, written as 13 characters of base32-sortable
/// (`234567abcdefghijklmnopqrstuvwxyz`).
///
/// A delivery's key is made once, from the instant of its first attempt and the delivery id as
/// clock id, and kept (see ``BlueskyPublisher``): every later attempt uses the same key, so the
/// repository can hold at most one post of the delivery.
enum RecordKey {
    private static let alphabet = Array("234567abcdefghijklmnopqrstuvwxyz".utf8)

    static func make(at instant: Date, delivery: DeliveryID) -> String {
        let microseconds = UInt64(max(0, instant.timeIntervalSince1970 * 1_000_000)) & ((1 << 53) - 1)
        let value = microseconds << 10 | UInt64(bitPattern: delivery) & 0x3FF
        let characters = (0..<13).map { position in alphabet[Int(value >> UInt64(60 - 5 * position) & 0x1F)] }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Whether `text` has the shape of a TID.
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 13 && bytes.allSatisfy(alphabet.contains) && Array("234567abcdefghij".utf8).contains(bytes[0])
    }
}
