#if canImport(Glibc)
import Glibc
#endif

/// What `pacer auth` says while it works: on stderr, written at once (a test or a person reads the
/// URL while the process waits), so stdout carries only the final result.
enum Console {
    static func say(_ text: String) {
        write(STDERR_FILENO, text + "\n")
    }

    /// `text` on stderr without a line break: a prompt.
    static func write(_ text: String) {
        write(STDERR_FILENO, text)
    }

    static func result(_ text: String) {
        write(STDOUT_FILENO, text + "\n")
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
