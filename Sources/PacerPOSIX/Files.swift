#if canImport(Glibc)
import Glibc
#endif

/// File operations with the durability Pacer promises.
public enum Files {
    /// Whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Creates `path` and missing parents with `mode`. An existing directory is left as it is.
    public static func makeDirectories(_ path: String, mode: mode_t) throws(SystemCallError) {
        if exists(path) { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]), mode: mode)
        }
        if mkdir(path, mode) != 0, errno != EEXIST { throw SystemCallError(operation: "mkdir", subject: path, code: errno) }
    }

    /// Writes `content` so that `path` afterwards either is as before or holds all of it, durably:
    /// a temporary file, `fsync`, `rename` over `path`, `fsync` of the directory.
    public static func writeDurably(_ content: String, to path: String, mode: mode_t = 0o600) throws(SystemCallError) {
        let temporary = temporaryPath(for: path)
        try writeFlushed(content, to: temporary, mode: mode)
        try moveDurably(temporary, to: path)
    }

    /// Creates `path`, empty, with `mode` (less the umask's bits), unless something is there already
    /// (a symbolic link is not followed: that is an error).
    public static func createIfMissing(_ path: String, mode: mode_t) throws(SystemCallError) {
        let fd = try systemCall("open", path) { open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode) }
        close(fd)
    }

    /// The name `writeDurably` writes `path`'s content under before renaming it.
    public static func temporaryPath(for path: String) -> String { path + ".tmp" }

    /// Writes `content` to `path` (created or truncated) and `fsync`s it; on failure `path` is
    /// removed. The first half of `writeDurably`: nothing is visible under the final name yet.
    public static func writeFlushed(_ content: String, to path: String, mode: mode_t = 0o600) throws(SystemCallError) {
        try writeFlushed(Array(content.utf8), to: path, mode: mode)
    }

    /// ``writeFlushed(_:to:mode:)`` for bytes.
    public static func writeFlushed(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(SystemCallError) {
        let fd = try systemCall("open", path) { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) }
        do throws(SystemCallError) {
            try writeAll(bytes, to: fd, subject: path)
            try systemCall("fsync", path) { fsync(fd) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        close(fd)
    }

    /// Renames the flushed file `source` to `destination` and `fsync`s the directory: the second
    /// half of `writeDurably`, after which `destination` is complete and durable.
    public static func moveDurably(_ source: String, to destination: String) throws(SystemCallError) {
        try systemCall("rename", destination) { rename(source, destination) }
        try syncDirectory(containing: destination)
    }

    /// Writes every byte, resuming after partial writes.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32, subject: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = try systemCall("write", subject) {
                bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            }
            offset += written
        }
    }

    /// The bytes of the regular file at `path`, refused with `EFBIG` when it holds more than `limit`
    /// (checked before reading, so a huge file is never read into memory).
    public static func read(_ path: String, limit: Int) throws(SystemCallError) -> [UInt8] {
        let fd = try systemCall("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var info = stat()
        _ = try systemCall("fstat", path) { fstat(fd, &info) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SystemCallError(operation: "read", subject: path, code: EISDIR) }
        guard Int(info.st_size) <= limit else { throw SystemCallError(operation: "read", subject: path, code: EFBIG) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = try systemCall("read", path) { bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) } }
            if count == 0 { break }
            offset += count
        }
        // A file that shrank while it was read keeps only what was there.
        return offset == bytes.count ? bytes : Array(bytes[..<offset])
    }

    /// Flushes the directory entry of `path` (after a rename or a create).
    public static func syncDirectory(containing path: String) throws(SystemCallError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = try systemCall("open", directory) { open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try systemCall("fsync", directory) { fsync(fd) }
    }
}
