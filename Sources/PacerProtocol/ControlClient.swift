import Foundation
import PacerPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// The client end of the control socket: one request, one reply, per connection.
public struct ControlClient: Sendable {
    /// The socket's path.
    public let socketPath: String
    /// How long to wait for the reply.
    public var timeoutSeconds: Int

    public init(socketPath: String, timeoutSeconds: Int = 30) {
        self.socketPath = socketPath
        self.timeoutSeconds = timeoutSeconds
    }

    /// Why a request got no reply.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        /// Nothing listens at the socket (daemon not running).
        case unreachable(path: String, SystemCallError)
        /// The connection broke or timed out before a whole reply came.
        case connectionLost(String)
        /// The reply was not a reply of this protocol.
        case brokenReply(String)

        public var description: String {
            switch self {
            case let .unreachable(path, error): "pacerd is not reachable at \(path) (\(error))"
            case let .connectionLost(detail): "pacerd ended the connection without a whole reply (\(detail))"
            case let .brokenReply(detail): "pacerd's reply was unusable: \(detail)"
            }
        }
    }

    /// Sends `request` and decodes the reply's result as `Result`; for a person, with
    /// `escapingControlCharacters` (``ControlCharacterEscaping``).
    public func send<Result: Decodable & Sendable>(
        _ request: Request, expecting: Result.Type, escapingControlCharacters: Bool = false
    ) throws(Failure) -> Reply<Result> {
        var line: Data
        do {
            line = try ControlCoding.makeEncoder().encode(request)
        } catch {
            throw .brokenReply("cannot encode the request: \(error)")
        }
        line.append(UInt8(ascii: "\n"))
        let reply = try exchange(Array(line))
        let bytes = escapingControlCharacters ? ControlCharacterEscaping.escapingStrings(inJSON: reply) : reply
        do {
            return try ControlCoding.makeDecoder().decode(Reply<Result>.self, from: Data(bytes))
        } catch {
            throw .brokenReply("\(error)")
        }
    }

    /// Writes raw bytes and reads the raw reply up to its newline (or until the daemon closes).
    public func exchange(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        let fd: Int32
        do {
            fd = try UnixSocket.connect(path: socketPath)
        } catch {
            throw .unreachable(path: socketPath, error)
        }
        defer { close(fd) }
        do {
            try UnixSocket.setTimeouts(fd, seconds: timeoutSeconds)
            // pacerd may answer and close before reading a request it refuses outright (another
            // uid, too many connections): a failed write is reported only if no reply follows.
            var writeFailure: SystemCallError?
            do {
                try UnixSocket.sendAll(bytes, to: fd, subject: socketPath)
            } catch {
                writeFailure = error
            }
            var reply: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count: Int
                do {
                    count = try systemCall("read", socketPath) {
                        buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    }
                } catch {
                    if reply.isEmpty, let writeFailure { throw writeFailure }
                    throw error
                }
                if count == 0 { break }
                reply.append(contentsOf: buffer[..<count])
                if reply.last == UInt8(ascii: "\n") { break }
            }
            if reply.isEmpty, let writeFailure { throw writeFailure }
            guard !reply.isEmpty else { throw Failure.connectionLost("it closed it before replying") }
            return reply
        } catch let error as Failure {
            throw error
        } catch {
            throw .connectionLost("\(error)")
        }
    }
}
