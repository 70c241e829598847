#if canImport(Glibc)
import Glibc
#endif
import Crypto
import NIOCore
import PacerPOSIX

/// Reads an image Pacer stored for a post straight into the buffer of the request that uploads
/// it: the one copy of the image in memory, made only while that image is uploaded. The bytes are
/// checked against the size and SHA-256 recorded when the post was queued, so that a file changed
/// or damaged in the state directory is never published in the image's place.
enum StoredImageBytes {
    /// Room a buffer needs besides the image, so that reading it never grows the buffer (which
    /// would copy the image): the read loop asks for this much free space each time.
    static let readSlack = 64 * 1024

    /// Appends the bytes of `image`'s file to `buffer`; `label` names the image in the error.
    static func append(_ image: PublicationImage, label: String, to buffer: inout ByteBuffer) throws(ImageUploadStop) {
        let start = buffer.writerIndex
        do throws(SystemCallError) {
            try readFile(image.path, into: &buffer)
        } catch where error.code == ENOENT {
            throw ImageUploadStop(.failed(reason: "\(label) is gone from the state directory (\(error)); queue the post again with the image",
                                          status: nil))
        } catch {
            // Out of file descriptors, an I/O error: nothing was sent, and it may pass.
            throw ImageUploadStop(.retry(reason: "\(label) cannot be read from the state directory (\(error)); nothing was sent",
                                         after: nil, status: nil, consumesAttempt: true))
        }
        let read = buffer.writerIndex - start
        var hasher = SHA256()
        let offset = start - buffer.readerIndex
        buffer.withUnsafeReadableBytes { bytes in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard read == image.byteCount, digest == image.sha256.lowercased() else {
            throw ImageUploadStop(.failed(reason: "\(label) in the state directory (\(image.path)) is not the image that was queued: "
                                          + "\(read) bytes with SHA-256 \(digest.prefix(12)), expected \(image.byteCount) bytes; queue the post again with the image",
                                          status: nil))
        }
    }

    /// Appends the whole file at `path` to `buffer`.
    private static func readFile(_ path: String, into buffer: inout ByteBuffer) throws(SystemCallError) {
        let fd = try systemCall("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var status = stat()
        try systemCall("fstat", path) { fstat(fd, &status) }
        buffer.reserveCapacity(minimumWritableBytes: Int(status.st_size) + readSlack)
        while true {
            var failure: SystemCallError?
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: readSlack) { space in
                do throws(SystemCallError) {
                    return Int(try systemCall("read", path) { Glibc.read(fd, space.baseAddress, space.count) })
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            if count == 0 { return }
        }
    }
}
