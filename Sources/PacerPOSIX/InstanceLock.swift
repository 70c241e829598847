#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a file, held for the life of the process: the one-daemon-per-state-directory guard.
/// The kernel releases it when the process ends, however it ends.
public final class InstanceLock: Sendable {
    private let fd: Int32
    public let path: String

    /// Takes the lock, or throws `EWOULDBLOCK` when another process holds it.
    public init(path: String) throws(SystemCallError) {
        let fd = try systemCall("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        do throws(SystemCallError) {
            try systemCall("flock", path) { flock(fd, LOCK_EX | LOCK_NB) }
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        self.path = path
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        try? Files.writeAll(Array(pid.utf8), to: fd, subject: path)
    }

    /// The pid written by the holder, if readable.
    public static func holder(of path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).filter(\.isNumber))
    }

    deinit { close(fd) }
}
