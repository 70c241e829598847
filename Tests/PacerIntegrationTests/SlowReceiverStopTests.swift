import Foundation
import PacerProtocol
import Testing

/// Stopping pacerd while a webhook receiver dribbles its reply body ends at the channel's
/// `timeout`, not when the receiver is done (issue 21, items 2 and 11): before, SIGTERM waited
/// for the whole minute.
@Suite(.timeLimit(.minutes(3)))
struct SlowReceiverStopTests {
    /// Answers one request with `200` and a 60-byte body sent one byte a second, writing
    /// `request` to the file in argv[1] once the request arrived, then `finished` or `cut`.
    static let dribblingReceiver = #"""
        import socket, sys, time
        note = lambda word: open(sys.argv[1], "a").write(word + "\n")
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        print(listener.getsockname()[1], flush=True)
        connection, _ = listener.accept()
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(65536)
        note("request")
        try:
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n")
            for _ in range(60):
                connection.sendall(b" ")
                time.sleep(1)
            note("finished")
        except OSError:
            note("cut")
        """#

    @Test func aStopDuringASlowReplyBodyEndsAtTheChannelsTimeout() throws {
        let harness = try DaemonHarness()
        let notes = harness.root.appendingPathComponent("receiver-notes")
        let receiver = try TestProcess("python3", ["-c", Self.dribblingReceiver, notes.path], standardOutput: .pipe)
        defer { _ = receiver.stop() }
        let port = try receiver.printedPort()
        try harness.start(config: """
            [[channel]]
            name = "hook"
            kind = "webhook"
            default = true
            url = "http://127.0.0.1:\(port)/hook"
            timeout = "3s"
            """)
        try harness.pacer("add", "a post for a slow receiver")
        try harness.wait(seconds: 10, for: "the request to reach the receiver") {
            ((try? String(contentsOf: notes, encoding: .utf8)) ?? "").contains("request")
        }
        let stopping = Date()
        #expect(harness.stop() == 0)
        // 3 s of timeout at most, against the receiver's 60 s; the margin is for a loaded machine.
        #expect(Date().timeIntervalSince(stopping) < 30, "pacerd waited for the slow body")
        #expect(harness.log.contains("did not arrive within the timeout"), "\(harness.log)")
        try harness.wait(seconds: 10, for: "the receiver to see its connection closed") {
            ((try? String(contentsOf: notes, encoding: .utf8)) ?? "").contains("cut")
        }
    }
}
