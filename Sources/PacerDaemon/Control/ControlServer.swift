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
                events.record(.requestRefused, "refused a connection: \(Self.maxConnections) connections already open", level: .warning)
                Glibc.close(fd)
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
