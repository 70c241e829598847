import CSystemd
import Glibc
import PacerPOSIX

/// Sockets passed by socket activation (`pacer.socket`; see sd_listen_fds(3)).
public enum ListenFDs {
    /// The first passed descriptor: `SD_LISTEN_FDS_START`, 3.
    public static let start: Int32 = SD_LISTEN_FDS_START

    /// The descriptors systemd passed to this process (`start`, `start + 1`, …), or none.
    ///
    /// Takes them: `$LISTEN_PID`, `$LISTEN_FDS` and `$LISTEN_FDNAMES` are removed from the
    /// environment, so children do not believe they were passed too, and the descriptors get
    /// `FD_CLOEXEC`. A second call returns none. Descriptors passed for another process
    /// (`$LISTEN_PID` not ours) are not returned.
    ///
    /// - Throws: when `$LISTEN_FDS` or `$LISTEN_PID` is malformed.
    public static func take() throws(SystemCallError) -> [Int32] {
        let count = try systemCall("sd_listen_fds", failure: .negatedResult) { sd_listen_fds(1) }
        return Array(start..<(start + count))
    }

    /// Whether `fileDescriptor` is a listening `AF_UNIX` stream socket, as `pacer.socket`'s
    /// `ListenStream=` passes it (and, when `path` is given, one bound to `path`).
    ///
    /// - Throws: when `fileDescriptor` cannot be inspected (e.g. `EBADF`).
    public static func isListeningUnixStreamSocket(_ fileDescriptor: Int32, path: String? = nil) throws(SystemCallError) -> Bool {
        let result = try systemCall("sd_is_socket_unix", failure: .negatedResult) {
            guard let path else {
                return sd_is_socket_unix(fileDescriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0)
            }
            return path.withCString { sd_is_socket_unix(fileDescriptor, Int32(SOCK_STREAM.rawValue), 1, $0, 0) }
        }
        return result > 0
    }
}
