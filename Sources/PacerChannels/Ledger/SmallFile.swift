#if canImport(Glibc)
import Glibc
#endif
import PacerPOSIX

/// Reading the small files the channels keep (credentials, marks, sessions).
enum SmallFile {
    /// Reads `fd` to its end, or to `limit` bytes.
    static func readAll(_ fd: Int32, path: String, limit: Int) throws(SystemCallError) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while result.count < limit {
            let count = try systemCall("read", path) { buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if count == 0 { break }
            result.append(contentsOf: buffer[..<count])
        }
        return Array(result.prefix(limit))
    }

    /// The text of `path`; nil when it does not exist. Other failures throw.
    static func readText(_ path: String, limit: Int = 64 * 1024) throws(SystemCallError) -> String? {
        let fd: Int32
        do throws(SystemCallError) {
            fd = try systemCall("open", path) { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        } catch where error.code == ENOENT {
            return nil
        }
        defer { close(fd) }
        return String(decoding: try readAll(fd, path: path, limit: limit), as: UTF8.self)
    }

    /// Removes `path`; a missing file is not an error.
    static func remove(_ path: String) throws(SystemCallError) {
        do throws(SystemCallError) {
            try systemCall("unlink", path) { unlink(path) }
        } catch where error.code == ENOENT {
            return
        }
    }
}
