import Foundation
import Glibc
import PacerPOSIX

/// A fresh directory under /tmp (short, so socket paths fit in `sun_path`), removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/pacer-systemd-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SystemCallError(operation: "mkdtemp", code: errno)
        }
        path = String(cString: created)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// An `AF_UNIX` socket bound to a path, closed by `close()`.
struct UnixSocket {
    let fileDescriptor: Int32

    /// A socket of `type` (`SOCK_DGRAM`, `SOCK_STREAM`) bound to `path`, listening if `listen`.
    init(type: __socket_type, boundTo path: String, listen: Bool = false) throws {
        let fd = try systemCall("socket") { socket(AF_UNIX, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        fileDescriptor = fd
        try Self.withAddress(path) { address, length in try systemCall("bind") { bind(fd, address, length) } }
        if listen { try systemCall("listen") { Glibc.listen(fd, 8) } }
    }

    private init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// A stream socket connected to the listening socket at `path`.
    static func connect(to path: String) throws -> UnixSocket {
        let fd = try systemCall("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            try withAddress(path) { address, length in try systemCall("connect") { Glibc.connect(fd, address, length) } }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return UnixSocket(fileDescriptor: fd)
    }

    private static func withAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Void) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        try withUnsafePointer(to: address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                try body(address, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// The next queued datagram as text, or `nil` when none is queued.
    func receive() throws -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let fd = fileDescriptor
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0, errno == EAGAIN { return nil }
        guard count >= 0 else { throw SystemCallError(operation: "recv", code: errno) }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    func close() {
        Glibc.close(fileDescriptor)
    }
}

/// A pipe whose ends are closed on exec.
func makePipe() throws -> (read: Int32, write: Int32) {
    var ends: [Int32] = [0, 0]
    try systemCall("pipe") { pipe(&ends) }
    for end in ends {
        try systemCall("fcntl") { fcntl(end, F_SETFD, FD_CLOEXEC) }
    }
    return (ends[0], ends[1])
}

/// Runs `body` with environment variables set (a value) or unset (`nil`), then restores them.
/// Only for tests inside ``ProcessWideStateTests``, which never run concurrently.
@discardableResult
func withEnvironment<Result>(_ changes: [String: String?], _ body: () throws -> Result) rethrows -> Result {
    let saved = changes.keys.map { name in (name, getenv(name).map { String(cString: $0) }) }
    func apply(_ values: [(String, String?)]) {
        for (name, value) in values {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }
    apply(changes.map { ($0.key, $0.value) })
    defer { apply(saved) }
    return try body()
}
