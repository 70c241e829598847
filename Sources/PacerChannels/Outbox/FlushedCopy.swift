#if canImport(Glibc)
import Glibc
#endif
import PacerPOSIX

/// Copies a file durably and a chunk at a time: how the outbox puts a post's images beside it.
enum FlushedCopy {
    /// Copies `source` to `destination` (created or truncated, 0600) and `fsync`s it; on failure
    /// `destination` is removed. Like `Files.writeFlushed`, nothing is renamed: the caller does.
    static func copy(_ source: String, to destination: String) throws(SystemCallError) {
        let fd = try systemCall("open", destination) { open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        do throws(SystemCallError) {
            try ChunkedFile.forEachChunk(of: source) { chunk throws(SystemCallError) in
                var offset = 0
                while offset < chunk.count {
                    offset += try systemCall("write", destination) { write(fd, chunk.baseAddress! + offset, chunk.count - offset) }
                }
            }
            try systemCall("fsync", destination) { fsync(fd) }
        } catch {
            close(fd)
            unlink(destination)
            throw error
        }
        close(fd)
    }
}
