import Crypto
import Foundation
import PacerCore
@testable import PacerChannels

/// Bytes standing in for an image: PNG's signature, then every byte value in an order set by
/// `seed` (CR, LF and `-` included, so that a body that frames them wrongly shows).
func imageBytes(_ seed: UInt8, count: Int = 4096) -> [UInt8] {
    [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }
}

/// `bytes` stored as the state directory keeps an image (named by its SHA-256), described as the
/// engine describes it to a channel.
func storedImage(_ harness: Harness, _ bytes: [UInt8], format: ImageFormat = .png, alt: String? = "A bar chart: posts per week, rising",
                 width: Int = 640, height: Int = 480) throws -> PublicationImage {
    let sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    let directory = harness.root + "/state/images"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = "\(directory)/\(sha256).\(format.fileExtension)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return PublicationImage(path: path, sha256: sha256, format: format, byteCount: bytes.count, width: width, height: height, alt: alt)
}

/// A publication of `parts`, publishing part `partIndex`.
func publication(parts: [PublicationPart], partIndex: Int = 0, replyTo: ThreadReply? = nil, delivery: DeliveryID = 42) -> Publication {
    Publication(deliveryID: delivery, postID: 7, channel: "test", parts: parts, partIndex: partIndex, replyTo: replyTo, title: nil, tags: [],
                plannedAt: ISOInstant.parse("2026-12-01T09:00:00Z")!, installation: testInstallation)
}

/// The parts of a `multipart/form-data` request the test server received, by field name.
struct MultipartForm {
    struct Part {
        var headers: [String]
        var content: [UInt8]
        var text: String { String(decoding: content, as: UTF8.self) }
        func header(_ name: String) -> String? {
            headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    private(set) var parts: [(name: String, part: Part)] = []

    /// Nil when the request is not multipart or its body is not framed by its boundary.
    init?(_ request: RecordedRequest) {
        guard let type = request.header("Content-Type"), type.hasPrefix("multipart/form-data; boundary="),
              let boundary = type.split(separator: "=", maxSplits: 1).last else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        let body = request.body
        guard body.starts(with: delimiter), body.suffix(delimiter.count + 4) == ArraySlice(delimiter + Array("--\r\n".utf8)) else { return nil }
        var rest = body[...]
        let separator = Array("\r\n".utf8) + delimiter
        rest = rest.dropFirst(delimiter.count)
        while rest.starts(with: Array("\r\n".utf8)) {
            rest = rest.dropFirst(2)
            guard let end = Self.find(separator, in: rest) else { return nil }
            let chunk = rest[rest.startIndex..<end]
            rest = rest[(end + separator.count)...]
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: chunk) else { return nil }
            let headers = String(decoding: chunk[chunk.startIndex..<headerEnd], as: UTF8.self).components(separatedBy: "\r\n")
            let content = Array(chunk[(headerEnd + 4)...])
            let part = Part(headers: headers, content: content)
            guard let disposition = part.header("Content-Disposition"), let nameStart = disposition.range(of: "name=\"") else { return nil }
            let name = disposition[nameStart.upperBound...].prefix { $0 != "\"" }
            parts.append((String(name), part))
        }
        guard rest.starts(with: Array("--\r\n".utf8)) else { return nil }
    }

    subscript(name: String) -> Part? { parts.first { $0.name == name }?.part }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index <= haystack.endIndex - needle.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
