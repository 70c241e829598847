import Dispatch
import Foundation
import PacerPOSIX
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Serves the control socket: accepts connections, checks the peer's uid, reads one request line,
/// hands it to the engine, writes the reply, closes.
///
/// Sockets are handled on their own queue, never on the engine's. Every failure of a connection
/// (another user, a malformed, oversized or slow request) ends that connection only.
public final class ControlServer: @unchecked Sendable {
    /// A connection that has not sent a complete request within this time is closed.
    static let requestTimeout: DispatchTimeInterval = .seconds(10)
    /// At most this many connections are served at once; more are closed at once.
    static let maxConnections = 256

    private let listener: Int32
    private let ownerUID: uid_t
    private let engine: Engine
    private let events: EventLog
    private let queue = DispatchQueue(label: "pacerd.control")
    private var acceptSource: DispatchSourceRead?
    private var connections: [Int32: Connection] = [:]
    /// Connections refused as busy since the last warning, and when that warning was written: a
    /// flood of connections gets one journal entry a minute, not one each.
    private var busyRefusals = 0
    private var lastBusyWarning: DispatchTime?
    static let busyWarningInterval: DispatchTimeInterval = .seconds(60)

    /// - Parameter listener: a listening Unix stream socket (bound by pacerd or passed by systemd).
    public init(listener: Int32, engine: Engine, events: EventLog, ownerUID: uid_t = getuid()) {
        self.listener = listener
        self.engine = engine
        self.events = events
        self.ownerUID = ownerUID
    }

    /// Starts accepting connections.
    public func start() throws {
        try UnixSocket.setNonBlocking(listener, true)
        let source = DispatchSource.makeReadSource(fileDescriptor: listener, queue: queue)
        let handler: @Sendable () -> Void = { [unowned self] in self.acceptPending() }
        source.setEventHandler(handler: handler)
        source.activate()
        acceptSource = source
    }

    /// Stops accepting; connections still sending their request are closed.
    public func stop() {
        queue.sync {
            acceptSource?.cancel()
            for connection in connections.values { connection.close() }
        }
    }

    private func acceptPending() {
        dispatchPrecondition(condition: .onQueue(queue))
        while true {
            let fd: Int32
            do {
                guard let accepted = try UnixSocket.accept(listener) else { return }
                fd = accepted
            } catch {
                events.record(.requestRefused, "accept failed: \(error)", level: .warning)
                return
            }
            guard connections.count < Self.maxConnections else {
                refuseBusy(fd)
                continue
            }
            do {
                let peer = try UnixSocket.peerCredentials(fd)
                guard peer.uid == ownerUID else {
                    events.record(.requestRefused, "refused a connection from uid \(peer.uid) (pid \(peer.pid)): only uid \(ownerUID) is served",
                                  level: .warning, fields: ["peer_uid": String(peer.uid), "peer_pid": String(peer.pid)])
                    reply(.error(ErrorReply(code: .permissionDenied, message: "pacerd serves only uid \(ownerUID)")), to: fd)
                    continue
                }
            } catch {
                Glibc.close(fd)
                continue
            }
            open(fd)
        }
    }

    /// Answers a connection over the limit with a `busy` error line, written without blocking
    /// (it fits any socket buffer), reads what the client already sent (so closing does not reset
    /// the connection before the client reads the line), and closes it.
    private func refuseBusy(_ fd: Int32) {
        let message = "pacerd is serving \(Self.maxConnections) connections, as many as it allows; try again in a moment"
        if var line = try? ControlCoding.makeEncoder().encode(Response.error(ErrorReply(code: .busy, message: message))) {
            line.append(UInt8(ascii: "\n"))
            _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        }
        var discard = [UInt8](repeating: 0, count: 16 * 1024)
        var drained = 0
        while drained <= ControlCoding.maxRequestBytes {
            let count = discard.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard count > 0 else { break }
            drained += count
        }
        Glibc.close(fd)
        busyRefusals += 1
        let now = DispatchTime.now()
        if let last = lastBusyWarning, now < last + Self.busyWarningInterval { return }
        events.record(
            .requestRefused,
            "refused \(busyRefusals) connection\(busyRefusals == 1 ? "" : "s") as busy: \(Self.maxConnections) connections already open (one warning a minute at most)",
            level: .warning, fields: ["refused": String(busyRefusals)])
        busyRefusals = 0
        lastBusyWarning = now
    }

    private func open(_ fd: Int32) {
        let connection = Connection(fd: fd, queue: queue)
        connections[fd] = connection
        connection.start(timeout: Self.requestTimeout) { [unowned self] event in
            self.connections[fd] = nil
            switch event {
            case let .line(bytes): self.handle(bytes, fd: fd)
            case .tooLarge: self.refuse(ProtocolError.tooLarge(limit: ControlCoding.maxRequestBytes), fd: fd)
            case .closedEarly, .timedOut: Glibc.close(fd)
            }
        }
    }

    private func handle(_ line: [UInt8], fd: Int32) {
        let request: Request
        do {
            request = try ControlCoding.decodeRequest(line)
        } catch {
            refuse(error, fd: fd)
            return
        }
        engine.perform(request) { [self] response in reply(response, to: fd) }
    }

    private func refuse(_ error: ProtocolError, fd: Int32) {
        events.record(.requestRefused, "refused a request: \(error)", level: .notice, fields: ["error_code": error.code.rawValue])
        reply(.error(ErrorReply(code: error.code, message: error.description)), to: fd)
    }

    /// Writes the reply with a bounded blocking write off the control queue, then closes.
    private func reply(_ response: Response, to fd: Int32) {
        DispatchQueue.global().async {
            defer { Glibc.close(fd) }
            guard var data = try? ControlCoding.makeEncoder().encode(response) else { return }
            data.append(UInt8(ascii: "\n"))
            try? UnixSocket.setNonBlocking(fd, false)
            try? UnixSocket.setTimeouts(fd, seconds: 5)
            try? UnixSocket.sendAll(Array(data), to: fd, subject: "control connection")
        }
    }
}
