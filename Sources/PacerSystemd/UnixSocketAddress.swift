import Glibc

/// A `sockaddr_un` for a path in the file system.
struct UnixSocketAddress {
    private var storage = sockaddr_un()

    /// The address of `path`, or `nil` when the path does not fit in `sun_path` (107 bytes).
    init?(path: String) {
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity, !bytes.contains(0) else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSocketAddress<Result>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemdError) -> Result
    ) throws(SystemdError) -> Result {
        try withUnsafePointer(to: storage) { (pointer) throws(SystemdError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SystemdError) in
                try body(address, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}
