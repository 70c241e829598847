import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore
import Synchronization
import Testing
@testable import PacerDaemon

/// Threads in process: each part its own durable step on a channel that posts part by part, a
/// retry or a crash between parts resuming with the next part, never a part twice.
struct ThreadTests {
    private static let start = ISOInstant.parse("2026-03-02T09:00:00Z")!

    private static let threadFile = """
        +++
        channels = ["social"]
        +++
        First, the hook.
        +++ part +++
        Second, the detail.
        +++ part +++
        Third, the ask.
        """

    /// A channel with threads: each call is recorded and answered from `script` (then published
    /// as `id-<part>`, `cid-<part>`).
    private final class ThreadChannel: Publisher {
        let calls = Mutex<[Publication]>([])
        let script: Mutex<[PublishOutcome]>
        let partByPart: Bool

        init(script: [PublishOutcome] = [], partByPart: Bool = true) {
            self.script = Mutex(script)
            self.partByPart = partByPart
        }

        var publishesPartByPart: Bool { partByPart }

        func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
            calls.withLock { $0.append(publication) }
            let part = publication.partIndex + 1
            return script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                ?? .published(url: "https://social.example/\(part)", externalID: "id-\(part)", contentID: "cid-\(part)")
        }

        func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation { .undetermined }

        var published: [Publication] { calls.withLock { $0 } }
    }

    private struct Rig {
        let harness: InProcessEngine
        let timer: ManualTimer
        let clock: SetClock
        var engine: Engine { harness.engine }
        var state: EngineState { engine.queue.sync { engine.state } }

        func add(_ source: String) throws -> PostView {
            try engine.queue.sync { try engine.add([AddParameters(source: source)])[0].get() }
        }

        /// Fires the timer at the planned instant of `delivery` and waits until the engine is idle or
        /// armed again (up to 5 min: each part's call needs a thread of Swift's shared pool, which
        /// other suites may hold a while).
        func publishDue(_ delivery: DeliveryID) async throws {
            let due = try #require(engine.queue.sync { engine.plan.instant(of: delivery) })
            clock.set(max(clock.now, due))
            timer.fire()
            let deadline = Date().addingTimeInterval(300)
            while Date() < deadline {
                switch state {
                case .idle, .armed: return
                default: try await Task.sleep(for: .milliseconds(5))
                }
            }
            Issue.record("the engine did not settle: \(state)")
        }
    }

    private func rig(_ channel: ThreadChannel, settings: String = #"kind = "outbox""#, directory: String? = nil) throws -> Rig {
        let timer = ManualTimer(), clock = SetClock(Self.start)
        let harness = try InProcessEngine(config: """
            [[channel]]
            name = "social"
            \(settings)
            retry = { attempts = 3, backoff = "10min" }
            """, now: Self.start, clock: clock.read, timer: timer, directory: directory) { _ in ["social": channel] }
        return Rig(harness: harness, timer: timer, clock: clock)
    }

    @Test func eachPartGoesOutInOrderAsAReplyToTheOneBefore() async throws {
        let channel = ThreadChannel()
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let post = try rig.add(Self.threadFile)
        #expect(post.text == "First, the hook." && post.parts == ["Second, the detail.", "Third, the ask."])
        let delivery = post.deliveries[0].id
        try await rig.publishDue(delivery)

        let calls = channel.published
        try #require(calls.map(\.partIndex) == [0, 1, 2])
        #expect(calls.map(\.text) == ["First, the hook.", "Second, the detail.", "Third, the ask."])
        #expect(calls[0].replyTo == nil)
        #expect(calls[1].replyTo == ThreadReply(root: PublishedPart(externalID: "id-1", contentID: "cid-1"), parent: PublishedPart(externalID: "id-1", contentID: "cid-1")))
        #expect(calls[2].replyTo == ThreadReply(root: PublishedPart(externalID: "id-1", contentID: "cid-1"), parent: PublishedPart(externalID: "id-2", contentID: "cid-2")))
        #expect(Set(calls.map(\.idempotencyKey)).count == 3, "each part has its own key")
        // The delivery is published where the thread begins, and every part is on record.
        let stored = try #require(try rig.harness.store.post(post.id))
        #expect(stored.deliveries[0].state == .published && stored.deliveries[0].url == "https://social.example/1")
        #expect(try rig.harness.store.parts(of: delivery).map(\.externalID) == ["id-1", "id-2", "id-3"])
        let shown = rig.engine.queue.sync { rig.engine.view(of: stored) }
        #expect(shown.deliveries[0].partCount == 3 && shown.deliveries[0].partsOut == 3)
    }

    @Test func aRetryOnPartTwoResumesWithPartTwoAndNeverSendsPartOneAgain() async throws {
        let channel = ThreadChannel(script: [
            .published(url: "https://social.example/1", externalID: "id-1", contentID: "cid-1"),
            .retry(reason: "HTTP 503", after: nil, status: 503, consumesAttempt: true),
        ])
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let post = try rig.add(Self.threadFile)
        let delivery = post.deliveries[0].id
        try await rig.publishDue(delivery)
        #expect(channel.published.map(\.partIndex) == [0, 1])
        let waiting = try #require(try rig.harness.store.post(post.id))
        #expect(waiting.deliveries[0].state == .queued)
        let shown = rig.engine.queue.sync { rig.engine.view(of: waiting) }
        #expect(shown.deliveries[0].partsOut == 1 && shown.deliveries[0].partCount == 3)
        // A thread partly out is not rewritten.
        #expect(throws: (any Error).self) {
            try rig.engine.queue.sync { try rig.engine.edit(EditParameters(id: post.id, source: "changed")) }
        }

        try await rig.publishDue(delivery)
        try #require(channel.published.map(\.partIndex) == [0, 1, 1, 2], "part 1 once, part 2 again after the retry")
        #expect(channel.published[2].replyTo?.parent.externalID == "id-1")
        #expect(try rig.harness.store.post(post.id)?.deliveries[0].state == .published)
    }

    /// A store as a pacerd killed mid-thread leaves it, in a directory of its own: a 3-part thread
    /// claimed, parts `1...out` confirmed, and part `out + 1` started when `inFlight`.
    private func crashedStore(partsOut out: Int, inFlight: Bool) throws -> (directory: String, delivery: DeliveryID) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-thread-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try Store(path: directory + "/pacer.sqlite")
        let post = try store.add(NewPost(text: "One", channels: ["social"], laterParts: ["Two", "Three"]), now: Self.start)
        let delivery = post.deliveries[0].id
        _ = try store.claim(delivery, now: Self.start)
        for part in 1...out {
            try store.startPart(part, of: delivery, now: Self.start)
            try store.finishPart(part, of: delivery, externalID: "id-\(part)", contentID: "cid-\(part)", url: "https://social.example/\(part)", now: Self.start)
        }
        if inFlight { try store.startPart(out + 1, of: delivery, now: Self.start) }
        try store.close()
        return (directory, delivery)
    }

    @Test func afterACrashBetweenPartsTheThreadGoesOnWithTheNextPart() async throws {
        let (directory, delivery) = try crashedStore(partsOut: 2, inFlight: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let channel = ThreadChannel()
        let rig = try rig(channel, directory: directory)
        #expect(try rig.harness.store.post(1)?.deliveries[0].state == .queued, "nothing was in doubt: queued again")
        try await rig.publishDue(delivery)
        #expect(channel.published.map(\.partIndex) == [2], "only part 3")
        #expect(channel.published.first?.replyTo == ThreadReply(
            root: PublishedPart(externalID: "id-1", contentID: "cid-1"), parent: PublishedPart(externalID: "id-2", contentID: "cid-2")))
        #expect(try rig.harness.store.post(1)?.deliveries[0].url == "https://social.example/1")
    }

    @Test func aCrashDuringPartTwoLeavesItUnknownUntilAPersonSaysAndThenResumesThere() async throws {
        let (directory, delivery) = try crashedStore(partsOut: 1, inFlight: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let channel = ThreadChannel()
        let rig = try rig(channel, directory: directory)
        #expect(try rig.harness.store.post(1)?.deliveries[0].state == .unknown, "part 2 may have gone out: never re-sent on its own")
        #expect(channel.published.isEmpty)
        _ = try rig.engine.queue.sync {
            try rig.harness.store.confirm(1, channel: nil, published: false, url: nil, now: Self.start)
        }
        rig.engine.queue.sync { rig.engine.replanOrRetry() }
        try await rig.publishDue(delivery)
        #expect(channel.published.map(\.partIndex) == [1, 2], "part 2 again, as the person said it did not go out, then part 3")
    }

    @Test func aChannelWithoutThreadsGetsEveryPartInOneCall() async throws {
        let channel = ThreadChannel(partByPart: false)
        let rig = try rig(channel)
        defer { rig.harness.remove() }
        let post = try rig.add(Self.threadFile)
        try await rig.publishDue(post.deliveries[0].id)
        #expect(channel.published.count == 1)
        #expect(channel.published.first?.parts.map(\.text) == ["First, the hook.", "Second, the detail.", "Third, the ask."])
        #expect(try rig.harness.store.parts(of: post.deliveries[0].id).isEmpty, "one call, one step: nothing to track")
    }

    @Test func aThreadOnLinkedInIsRefusedUnlessItGetsOnePostOfItsOwn() throws {
        let channel = ThreadChannel(partByPart: false)
        let rig = try rig(channel, settings: """
            kind = "linkedin"
            credential = "linkedin-token"
            author = "urn:li:person:abc"
            version = "202611"
            """)
        defer { rig.harness.remove() }
        let refused = #expect(throws: RequestError.self) { try rig.add(Self.threadFile) }
        #expect(refused?.reply.message.contains("LinkedIn has no threads") == true, "\(String(describing: refused?.reply.message))")
        let single = try rig.add(Self.threadFile.replacingOccurrences(of: "+++\nFirst", with: "[text]\nsocial = \"The whole thought in one post\"\n+++\nFirst"))
        #expect(single.deliveries[0].text == "The whole thought in one post")
    }

    @Test func perChannelTextsGoPerPartAndAreCheckedPerPart() throws {
        let channel = ThreadChannel()
        let rig = try rig(channel, settings: """
            kind = "outbox"
            max_length = 280
            """)
        defer { rig.harness.remove() }
        let long = String(repeating: "word ", count: 70)
        let tooLong = #expect(throws: RequestError.self) {
            try rig.add("+++\nchannels = [\"social\"]\n+++\nShort\n+++ part +++\n\(long)")
        }
        #expect(tooLong?.reply.message.contains("part 2:") == true, "\(String(describing: tooLong?.reply.message))")
        let post = try rig.add("+++\nchannels = [\"social\"]\n[text]\nsocial = [\"a\", \"b\"]\n+++\nShort\n+++ part +++\n\(long)")
        #expect(post.parts == [long])
        let stored = try #require(try rig.harness.store.post(post.id))
        #expect(stored.deliveries[0].parts(of: stored) == ["a", "b"])
    }
}
