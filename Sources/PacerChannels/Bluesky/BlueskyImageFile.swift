#if canImport(Glibc)
import Glibc
#endif
import PacerPOSIX

/// Reads the stored copy of a post's image for its upload: one image at a time, and only as many
/// bytes as were stored (a file that grew or shrank since `pacer add` is refused, not sent).
enum BlueskyImageFile {
    /// Why an image's bytes cannot be had; the description names the file.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ image: PublicationImage) throws(Problem) -> [UInt8] {
        let bytes: [UInt8]
        do throws(SystemCallError) {
            let fd = try systemCall("open", image.path) { open(image.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
            defer { close(fd) }
            bytes = try SmallFile.readAll(fd, path: image.path, limit: image.byteCount + 1)
        } catch {
            throw Problem(description: "cannot read \(image.path): \(error)")
        }
        guard bytes.count == image.byteCount else {
            let found = bytes.count > image.byteCount ? "more than \(image.byteCount)" : "\(bytes.count)"
            throw Problem(description: "\(image.path) has \(found) bytes, but \(image.byteCount) were stored; it changed after it was queued")
        }
        return bytes
    }
}
