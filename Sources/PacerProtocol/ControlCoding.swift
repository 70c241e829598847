import Foundation
import PacerCore

/// How messages are framed and encoded on the control socket.
///
/// One request per connection: the client writes one JSON object terminated by `\n`, the daemon
/// answers with one JSON object terminated by `\n` and closes the connection.
public enum ControlCoding {
    /// Requests longer than this (without their newline) are refused with `too_large`.
    public static let maxRequestBytes = 256 * 1024

    /// The encoder both sides use: ISO 8601 UTC instants, sorted keys (stable output for tests and diffs).
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOInstant.format(date))
        }
        return encoder
    }

    /// The decoder both sides use.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISOInstant.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an instant like 2026-12-01T09:00:00Z")
            }
            return date
        }
        return decoder
    }

    /// Decodes one request line. Errors are protocol errors with a message fit for the reply.
    public static func decodeRequest(_ line: some Collection<UInt8>) throws(ProtocolError) -> Request {
        guard line.count <= maxRequestBytes else { throw .tooLarge(limit: maxRequestBytes) }
        do {
            return try makeDecoder().decode(Request.self, from: Data(line))
        } catch let error as ProtocolError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw .malformed("missing \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .malformed("wrong type at \(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .malformed("null at \(path(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) {
            throw .malformed(context.codingPath.isEmpty ? "not a JSON object" : "bad value at \(path(context.codingPath))")
        } catch {
            throw .malformed("not a JSON object")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
