import Foundation

/// The datagram socket a service manager offers as `NOTIFY_SOCKET`: pacerd sends `READY=1` there.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8.prefix(buffer.count - 1))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw BenchError("bind \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// Reads and drops every further message until `finish()`, as a service manager would: a
    /// notification socket nobody reads fills up, and pacerd's next `sd_notify` then blocks.
    func drain() {
        let fd = self.fd
        Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while buffer.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
        }.start()
    }

    /// Ends `drain()`.
    func finish() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Waits for a message containing `READY=1`; returns the monotonic instant it arrived, or
    /// `nil` after `timeout` seconds.
    func waitForReady(timeout: Double) -> UInt64? {
        let deadline = monotonicNanoseconds() + UInt64(timeout * 1e9)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let now = monotonicNanoseconds()
            guard now < deadline else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32((deadline - now) / 1_000_000) + 1) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            let arrived = monotonicNanoseconds()
            guard count > 0 else { continue }
            let message = String(decoding: buffer.prefix(count), as: UTF8.self)
            if message.split(separator: "\n").contains("READY=1") { return arrived }
        }
    }
}
