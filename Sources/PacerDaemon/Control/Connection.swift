import Dispatch
import PacerPOSIX
import PacerProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Reads one newline-terminated request from a non-blocking connection, within a size and time limit.
/// Confined to the control server's queue.
final class Connection: @unchecked Sendable {
    enum Event {
        /// A complete request line (without its newline).
        case line([UInt8])
        /// More than `ControlCoding.maxRequestBytes` before a newline.
        case tooLarge
        /// The peer closed (or the server stopped) before a whole line arrived.
        case closedEarly
        /// No whole line within the time limit.
        case timedOut
    }

    private let fd: Int32
    private let queue: DispatchQueue
    private var buffer: [UInt8] = []
    private var source: DispatchSourceRead?
    private var deadline: DispatchWorkItem?
    private var result: Event?

    init(fd: Int32, queue: DispatchQueue) {
        self.fd = fd
        self.queue = queue
    }

    /// Starts reading. `completion` is called exactly once, on the queue, after the read source is
    /// fully cancelled, so the callee may write to and close `fd` safely.
    func start(timeout: DispatchTimeInterval, completion: @escaping @Sendable (Event) -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        let readHandler: @Sendable () -> Void = { [unowned self] in
            if let event = readAvailable() { finish(event) }
        }
        let cancelHandler: @Sendable () -> Void = { [unowned self] in
            let event = result ?? .closedEarly
            completion(event)
        }
        source.setEventHandler(handler: readHandler)
        source.setCancelHandler(handler: cancelHandler)
        let timeoutItem = DispatchWorkItem { [weak self] in self?.finish(.timedOut) }
        deadline = timeoutItem
        queue.asyncAfter(deadline: .now() + timeout, execute: timeoutItem)
        self.source = source
        source.activate()
    }

    /// Ends the connection without a reply (the server is stopping).
    func close() { finish(.closedEarly) }

    private func finish(_ event: Event) {
        guard result == nil else { return }
        result = event
        deadline?.cancel()
        source?.cancel()
    }

    /// Reads what is available; returns an event once the request is complete or cannot be.
    private func readAvailable() -> Event? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count: Int
            do {
                count = try systemCall("read", "control connection") {
                    chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                }
            } catch {
                return error.code == EAGAIN || error.code == EWOULDBLOCK ? nil : .closedEarly
            }
            if count == 0 { return .closedEarly }
            let received = chunk[..<count]
            if let newline = received.firstIndex(of: UInt8(ascii: "\n")) {
                buffer.append(contentsOf: received[..<newline])
                return buffer.count > ControlCoding.maxRequestBytes ? .tooLarge : .line(buffer)
            }
            buffer.append(contentsOf: received)
            if buffer.count > ControlCoding.maxRequestBytes { return .tooLarge }
        }
    }
}
