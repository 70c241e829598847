import Foundation
import PacerCore
import PacerPOSIX

/// The requests Pacer sent for one delivery that no definite answer has settled yet, written
/// durably before each is sent: after a lost answer, a 5xx or a crash, it says when the first and
/// the last of them left and which text they carried, which is what a channel needs to look for
/// the post, to wait out a request that may still be running, and to know how long a key holds.
///
/// Stored as lines `first <instant>`, `last <instant>`, `text-sha256 <hex>`. A file holding only
/// one ISO 8601 instant (written by earlier versions, and by ``KeyWindow``) reads as a request
/// sent then whose text is not known.
struct UnsettledRequest: Sendable, Hashable {
    /// When the first request left; an idempotency key is honoured from about then.
    var firstSent: Date
    /// When the latest request left; a slow server may still be running it.
    var lastSent: Date
    /// The SHA-256 of the text the requests carried, in the channel's comparison form; nil when unknown.
    var textDigest: String?

    /// A first request sent at `instant`.
    init(sentAt instant: Date, textDigest: String?) {
        self.firstSent = instant
        self.lastSent = instant
        self.textDigest = textDigest
    }

    /// Reads a stored record; nil when `text` is neither form.
    init?(parsing text: String) {
        if let instant = ISOInstant.parse(text.trimmingWhitespace()) {
            self.init(sentAt: instant, textDigest: nil)
            return
        }
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let first = fields["first"].flatMap(ISOInstant.parse), let last = fields["last"].flatMap(ISOInstant.parse) else { return nil }
        self.init(sentAt: first, textDigest: fields["text-sha256"])
        self.lastSent = last
    }

    /// The same delivery sent again at `instant`.
    func sentAgain(at instant: Date) -> UnsettledRequest {
        var next = self
        next.lastSent = max(lastSent, instant)
        return next
    }

    /// The stored form.
    var text: String {
        (["first \(ISOInstant.format(firstSent))", "last \(ISOInstant.format(lastSent))"]
            + (textDigest.map { ["text-sha256 \($0)"] } ?? [])).joined(separator: "\n")
    }
}

extension DeliveryMarks {
    /// The unsettled requests of `delivery`, if any. An unreadable record throws: the caller must
    /// not send again on a guess.
    func unsettledRequest(_ delivery: DeliveryID) throws -> UnsettledRequest? {
        guard let stored = try read(delivery) else { return nil }
        guard let record = UnsettledRequest(parsing: stored) else {
            throw UnreadableRecord(path: path(for: delivery))
        }
        return record
    }

    /// Writes `record` for `delivery`, durably.
    func write(_ record: UnsettledRequest, for delivery: DeliveryID) throws(SystemCallError) {
        try write(record.text, for: delivery)
    }
}

/// A delivery's record that is neither of ``UnsettledRequest``'s forms.
struct UnreadableRecord: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path) is not a record Pacer wrote; remove it once you know whether the post went out" }
}
