import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Unix stream sockets: the control socket's server and client ends.
public enum UnixSocket {
    /// The longest path a `sockaddr_un` holds.
    public static let maxPathBytes = UnixSocketAddress.maxPathBytes

    /// Binds and listens on `path` with mode 0600. The caller has made sure no live daemon uses it
    /// and removed a stale file.
    public static func listen(path: String, backlog: Int32 = 128) throws(SystemCallError) -> Int32 {
        let fd = try systemCall("socket", path) { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do throws(SystemCallError) {
            // The umask makes the socket 0600 from the moment it exists; chmod states it explicitly.
            let previous = umask(0o177)
            defer { umask(previous) }
            _ = try withAddress(path) { address, length throws(SystemCallError) in
                try systemCall("bind", path) { bind(fd, address, length) }
            }
            try systemCall("chmod", path) { chmod(path, 0o600) }
            try systemCall("listen", path) { Glibc.listen(fd, backlog) }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// Connects to the socket at `path`.
    public static func connect(path: String) throws(SystemCallError) -> Int32 {
        let fd = try systemCall("socket", path) { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do throws(SystemCallError) {
            _ = try withAddress(path) { address, length throws(SystemCallError) in
                try systemCall("connect", path) { Glibc.connect(fd, address, length) }
            }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// Accepts one connection, non-blocking and closed on exec from the start (`accept4`: a
    /// program spawned meanwhile cannot inherit it); `nil` when none is waiting.
    public static func accept(_ listener: Int32) throws(SystemCallError) -> Int32? {
        do throws(SystemCallError) {
            let flags = Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            return try systemCall("accept4", "control socket") { accept4(listener, nil, nil, flags) }
        } catch where error.code == EAGAIN || error.code == EWOULDBLOCK || error.code == ECONNABORTED {
            return nil
        }
    }

    /// The uid and pid of the process at the other end (`SO_PEERCRED`).
    public static func peerCredentials(_ fd: Int32) throws(SystemCallError) -> (uid: uid_t, pid: pid_t) {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        try systemCall("getsockopt(SO_PEERCRED)", "connection") { getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) }
        return (credentials.uid, credentials.pid)
    }

    /// Makes reads and writes on `fd` return instead of blocking.
    public static func setNonBlocking(_ fd: Int32, _ enabled: Bool) throws(SystemCallError) {
        let flags = try systemCall("fcntl(F_GETFL)", "socket") { fcntl(fd, F_GETFL) }
        try systemCall("fcntl(F_SETFL)", "socket") { fcntl(fd, F_SETFL, enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) }
    }

    /// Sends every byte on a connected socket. A peer that has closed gives `EPIPE`, never SIGPIPE.
    public static func sendAll(_ bytes: [UInt8], to fd: Int32, subject: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            offset += try systemCall("send", subject) {
                bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    /// Bounds how long a blocking send or receive on `fd` may wait.
    public static func setTimeouts(_ fd: Int32, seconds: Int) throws(SystemCallError) {
        var value = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        try systemCall("setsockopt(SO_SNDTIMEO)", "socket") { setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, size) }
        try systemCall("setsockopt(SO_RCVTIMEO)", "socket") { setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, size) }
    }

    private static func withAddress<T>(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemCallError) -> T
    ) throws(SystemCallError) -> T {
        guard let address = UnixSocketAddress(path: path) else {
            throw SystemCallError(operation: "bind", subject: path, code: path.utf8.count > maxPathBytes ? ENAMETOOLONG : EINVAL)
        }
        return try address.withSocketAddress(body)
    }
}

/// Linux's `struct ucred` (`pid_t pid; uid_t uid; gid_t gid;`), which Glibc's Swift module hides
/// behind `_GNU_SOURCE`.
private struct PeerCredentials {
    var pid: pid_t = 0
    var uid: uid_t = 0
    var gid: gid_t = 0
}
