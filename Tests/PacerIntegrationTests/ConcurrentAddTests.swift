import Foundation
import PacerProtocol
import Testing

/// Many clients adding at once: pacerd carries out the `add` requests that arrive while it is
/// busy together (one commit, one re-plan), and each is checked as if the ones before it were
/// stored already.
@Suite(.timeLimit(.minutes(2)))
struct ConcurrentAddTests {
    private static let words = "river garden coffee morning evening review design queue cadence swift socket timer journal ledger".split(separator: " ")

    /// A text no other index nearly repeats: eight words picked by the digits of `index`.
    private static func text(_ index: Int) -> String {
        (0..<8).map { position in String(words[(index / Int(pow(10, Double(position % 3))) + position * 7) % words.count]) }
            .joined(separator: " ") + " #\(index)"
    }

    /// Runs `body` on `count` threads of their own at once (clients, each with its own
    /// connection, not limited to the number of cores) and waits for all of them.
    private static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread {
                defer { group.leave() }
                body(index)
            }.start()
        }
        group.wait()
    }

    @Test func everyAcknowledgedAddIsStoredOnceAndRepliedWithItsOwnPost() throws {
        let harness = try DaemonHarness()
        try harness.start(config: """
            [cadence]
            similarity = 0.99

            [[channel]]
            name = "outbox"
            kind = "outbox"
            default = true
            """)
        let socketPath = harness.socketPath
        let replies = Replies()
        Self.onThreads(16) { client in
            let connection = ControlClient(socketPath: socketPath, timeoutSeconds: 60)
            for request in 0..<12 {
                let text = "client \(client) request \(request): " + Self.text(client * 100 + request)
                let reply = Result { try connection.send(.add(AddParameters(text: text)), expecting: PostView.self).get() }
                replies.append(text, reply.mapError(Refusal.init))
            }
        }

        let posts = try replies.all.map { text, result in (text, try result.get()) }
        #expect(posts.count == 192)
        #expect(Set(posts.map(\.1.id)).count == 192, "every acknowledged add has its own post")
        #expect(posts.allSatisfy { text, post in post.text == text }, "each reply is the post its request asked for")
        let database = harness.root.appendingPathComponent("state/pacer/pacer.sqlite").path
        let stored = try harness.run("/usr/bin/sqlite3", [database, "SELECT id FROM post"])
        #expect(Set(stored.stdout.split(separator: "\n").compactMap { Int64($0) }) == Set(posts.map(\.1.id)),
                "the store holds exactly the acknowledged posts")
        #expect(harness.stop() == 0)
    }

    @Test func ofTwoNearDuplicatesAddedAtOnceExactlyOneIsQueuedAndTheOtherNamesIt() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let socketPath = harness.socketPath
        let texts = [
            "The release notes for Pacer are out, with slots and blackouts",
            "We are hiring a Swift engineer in Berlin to work on systemd daemons",
            "Morning coffee by the river: a short essay on writing every day",
            "How we measured publish lateness against the timer's limit",
            "Five things I learnt moving our queue from files to SQLite",
        ]
        for (round, text) in texts.enumerated() {
            let replies = Replies()
            Self.onThreads(2) { _ in
                let reply = Result { try ControlClient(socketPath: socketPath).send(.add(AddParameters(text: text)), expecting: PostView.self).get() }
                replies.append(text, reply.mapError(Refusal.init))
            }
            let queued = replies.all.compactMap { try? $0.1.get() }
            let refused = replies.all.compactMap { reply -> String? in
                if case let .failure(refusal) = reply.1 { return refusal.message } else { return nil }
            }
            try #require(queued.count == 1, "round \(round): \(replies.all)")
            #expect(refused.count == 1)
            #expect(refused.first?.contains("near-duplicate of post \(queued[0].id) (100% alike") == true, "\(refused)")
        }
        #expect(harness.stop() == 0)
    }
}

/// The replies collected from several threads.
private final class Replies: @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [(String, Result<PostView, Refusal>)] = []

    func append(_ text: String, _ reply: Result<PostView, Refusal>) {
        lock.withLock { replies.append((text, reply)) }
    }

    var all: [(String, Result<PostView, Refusal>)] { lock.withLock { replies } }
}

/// Why a request failed: pacerd's message, or the client's error.
private struct Refusal: Error, CustomStringConvertible {
    let message: String

    init(_ error: any Error) {
        message = (error as? ErrorReply)?.message ?? "\(error)"
    }

    var description: String { message }
}
