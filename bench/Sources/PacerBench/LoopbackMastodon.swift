import Foundation

/// A Mastodon instance on 127.0.0.1 for rows 11 and 12, as little of one as pacerd's `mastodon`
/// channel needs to publish: `POST /api/v2/media` → 200 `{"id":…}` (the image is read whole and
/// dropped), `POST /api/v1/statuses` → 200 `{"id":…,"url":…}`; anything else, the instance
/// documents included, → 404 (pacerd then keeps Mastodon's default limits). One request per
/// connection, each on its own thread, as pacerd opens a fresh connection for every request.
final class LoopbackMastodon: @unchecked Sendable {
    /// One request, with the wall-clock instants (µs since 1970, the store's unit) its first byte
    /// and its last arrived.
    struct Request {
        var method: String
        var path: String
        var bodyBytes: Int
        var firstByte: Int64
        var complete: Int64
    }

    let port: UInt16
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private var nextID = 1

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        guard listener >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw BenchError("loopback server: \(String(cString: strerror(errno)))") }
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting; requests in progress finish on their own threads.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// The requests answered so far, in the order they completed.
    var requests: [Request] { lock.withLock { received } }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var head: [UInt8] = []
        var firstByte: Int64 = 0
        var headEnd: Int?
        while headEnd == nil {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            if firstByte == 0 { firstByte = Self.wallMicroseconds() }
            head += buffer[0..<count]
            headEnd = Self.endOfHead(head)
        }
        let headText = String(decoding: head[0..<headEnd!], as: UTF8.self)
        let lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return }
        let length = lines.dropFirst().compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first ?? 0
        var bodyBytes = head.count - headEnd! - 4
        while bodyBytes < length {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, min($0.count, length - bodyBytes), 0) }
            guard count > 0 else { return }
            bodyBytes += count
        }
        let complete = Self.wallMicroseconds()
        let method = String(requestLine[0]), path = String(requestLine[1])
        let (status, body) = lock.withLock { () -> (Int, String) in
            received.append(Request(method: method, path: path, bodyBytes: bodyBytes, firstByte: firstByte, complete: complete))
            defer { nextID += 1 }
            switch (method, path) {
            case ("POST", "/api/v2/media"): return (200, #"{"id":"\#(nextID)","type":"image"}"#)
            case ("POST", "/api/v1/statuses"): return (200, #"{"id":"\#(nextID)","url":"https://mastodon.invalid/@bench/\#(nextID)"}"#)
            default: return (404, #"{"error":"Record not found"}"#)
            }
        }
        let reply = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Not Found")\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = Array(reply.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Wall times of `runs` small `POST`s to this server, each on a fresh connection as pacerd
    /// makes them, from `connect` to the end of the reply, in nanoseconds: an HTTP request's floor.
    func roundTrips(runs: Int) throws -> [Double] {
        let request = Array("POST /probe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8)
        var samples: [Double] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<runs {
            let start = monotonicNanoseconds()
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = port.bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw BenchError("connect to the loopback server: \(String(cString: strerror(errno)))") }
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            while buffer.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
            samples.append(Double(monotonicNanoseconds() - start))
        }
        return samples
    }

    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        return (0...(bytes.count - 4)).first { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }
    }

    /// Now, in µs since 1970: the store's unit for instants.
    static func wallMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}

/// A pacerd tree whose default channel is a `mastodon` channel on a ``LoopbackMastodon``, with
/// its access token in the tree's credentials directory.
extension DaemonTree {
    static func mastodon(at server: LoopbackMastodon) throws -> DaemonTree {
        let tree = try DaemonTree(config: """
            [[channel]]
            name = "mastodon"
            kind = "mastodon"
            base_url = "\(server.baseURL)"
            credential = "bench-token"
            default = true

            """)
        let credentials = tree.root + "/config/pacer/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: credentials + "/bench-token", contents: Data("bench-token\n".utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("cannot write the token under \(credentials)")
        }
        return tree
    }
}
