import Crypto
import PacerCore
import PacerPOSIX

#if canImport(Glibc)
import Glibc
#endif

/// The images of posts, one file per content (`<sha256>.<ext>`, mode 0600) in the `media`
/// directory beside the database: a post keeps its own copy, so the original may move or change
/// before it is published, and two posts with the same image share one file.
public struct MediaLibrary: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Where the image with this content is (or would be) kept.
    public func path(sha256: String, format: ImageFormat) -> String {
        "\(directory)/\(sha256).\(format.fileExtension)"
    }

    /// The content address of `bytes`.
    public static func sha256(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Keeps `image` durably (flushed, renamed, directory flushed) and returns its address. Kept
    /// before the post that uses it is committed, so a stored post never names a missing file; a
    /// file whose post is then refused is removed by the next ``removeAll(except:)``.
    public func keep(_ image: CleanedImage) throws(SystemCallError) -> String {
        let sha256 = Self.sha256(of: image.bytes)
        let path = path(sha256: sha256, format: image.facts.format)
        if Files.exists(path) { return sha256 }
        try Files.makeDirectories(directory, mode: 0o700)
        let temporary = Files.temporaryPath(for: path)
        try Files.writeFlushed(image.bytes, to: temporary, mode: 0o600)
        try Files.moveDurably(temporary, to: path)
        return sha256
    }

    /// Removes every file whose content no post needs any more (and any temporary file left by a
    /// crash); returns how many were removed. Called on the engine's queue, which is also where
    /// images are kept, so a file is never removed between its keeping and its post's commit.
    @discardableResult
    public func removeAll(except needed: Set<String>) -> Int {
        guard let handle = opendir(directory) else { return 0 }
        defer { closedir(handle) }
        var removed = 0
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", let dot = name.firstIndex(of: ".") else { continue }
            let address = String(name[..<dot])
            if name.hasSuffix(".tmp") || !needed.contains(address) {
                if unlink("\(directory)/\(name)") == 0 { removed += 1 }
            }
        }
        return removed
    }
}
