#if canImport(Glibc)
import Glibc
#endif
import PacerPOSIX

/// Reads a file a chunk at a time, so that an image is never held whole: the outbox copies it
/// beside a post, a webhook base64-encodes it into its body.
enum ChunkedFile {
    /// The size of every chunk but the last: a multiple of 3, so that chunks base64-encode
    /// separately into the encoding of the whole.
    static let chunkBytes = 3 << 18

    /// Calls `body` with each chunk of `path`, in order; every chunk but the last is full.
    static func forEachChunk(of path: String, _ body: (UnsafeRawBufferPointer) throws(SystemCallError) -> Void) throws(SystemCallError) {
        let fd = try systemCall("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            var filled = 0
            while filled < chunkBytes {
                let count = try systemCall("read", path) { read(fd, buffer.baseAddress! + filled, chunkBytes - filled) }
                if count == 0 { break }
                filled += count
            }
            if filled > 0 { try body(UnsafeRawBufferPointer(rebasing: buffer[..<filled])) }
            if filled < chunkBytes { return }
        }
    }
}
