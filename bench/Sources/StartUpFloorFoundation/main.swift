import Foundation

// Row 1's second start-up floor (BENCHMARKS.md): a statically linked Swift program, linked as pacer
// is, that does with Foundation what `pacer add` must besides parsing its arguments and talking to
// pacerd: encode a request and decode a reply as JSON, and show an instant in the local time zone.

/// A message of the size and shape of an add request and its reply.
struct Message: Codable {
    var id: Int
    var text: String
    var channels: [String]
    var plannedAt: Date
}

let encoder = JSONEncoder()
encoder.dateEncodingStrategy = .iso8601
let decoder = JSONDecoder()
decoder.dateDecodingStrategy = .iso8601
let sent = Message(
    id: 1, text: "Shipped the new release notes today", channels: ["outbox"], plannedAt: Date(timeIntervalSince1970: 1_800_000_000))
let received = try decoder.decode(Message.self, from: try encoder.encode(sent))
let zone = TimeZone.current
let hours = zone.secondsFromGMT(for: received.plannedAt) / 3600
print("start-up floor: post \(received.id) on \(received.channels[0]), \(zone.identifier) UTC\(hours >= 0 ? "+" : "")\(hours)")
