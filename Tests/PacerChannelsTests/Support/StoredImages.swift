import Crypto
import Foundation
import PacerCore
@testable import PacerChannels

/// Images as the store hands them to a channel: files in a directory of the test's, described by
/// their digest, format, size and alt text. The channels that are not a platform never decode an
/// image, so the bytes are a format's signature followed by bytes of the test's choosing.
struct StoredImages {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-images-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Stores `count` bytes of a `format` image (varied, seeded by `seed`) and describes it.
    func image(_ format: ImageFormat, count: Int = 300, seed: UInt8 = 1, width: Int = 1200, height: Int = 800, alt: String?) throws -> PublicationImage {
        let signature: [UInt8] = switch format {
        case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .jpeg: [0xFF, 0xD8, 0xFF, 0xE0]
        case .gif: Array("GIF89a".utf8)
        case .webp: Array("RIFF\0\0\0\0WEBP".utf8)
        }
        var generator = SeededBytes(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        let bytes = signature + (0..<max(0, count - signature.count)).map { _ in generator.next() }
        let sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let path = "\(directory)/\(sha256).\(format.fileExtension)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return PublicationImage(path: path, sha256: sha256, format: format, byteCount: bytes.count, width: width, height: height, alt: alt)
    }

    /// The bytes of a stored image.
    static func bytes(of image: PublicationImage) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: image.path))
    }

    /// Delivery 42 of post 7 with `parts`, as the tests' other publications are.
    static func publication(_ parts: [PublicationPart], channel: String = "test") -> Publication {
        Publication(deliveryID: 42, postID: 7, channel: channel, parts: parts, title: "Greeting", tags: ["swift", "pacer"],
                    plannedAt: ISOInstant.parse("2026-12-01T09:00:00Z")!, installation: testInstallation)
    }

    /// xorshift64: varied bytes, the same for the same seed.
    private struct SeededBytes {
        var state: UInt64

        mutating func next() -> UInt8 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }
}
