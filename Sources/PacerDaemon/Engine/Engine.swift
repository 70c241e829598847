import Dispatch
import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore

/// The heart of pacerd: owns the queue's state, plans, and publishes at the planned instants.
///
/// ## Concurrency contract
/// All mutable state is confined to one serial `DispatchQueue` (`queue`); every entry point hops
/// onto it. What the engine is doing is one value, ``EngineState``; one timer (a wall-clock
/// `DispatchSourceTimer` in pacerd) is armed from it, for the earliest planned instant or for a
/// claimed delivery's; every change re-plans and re-arms it. There is no polling.
///
/// ## At most once
/// A delivery is claimed, and the claim committed, before its channel is called; at most one
/// channel call is in flight. A stop waits for that call to finish.
public final class Engine: @unchecked Sendable {
    /// How far back the planner looks at what went out (budgets and gaps).
    static let historyWindow: TimeInterval = 8 * 86_400
    /// How far from the instant it was armed for the timer may fire and still carry out the plan
    /// as made; further away (a suspend, a clock set forward) it re-plans first.
    static let timerTolerance: TimeInterval = 60
    /// How long before its instant a delivery is claimed, so that the claim's durable commit is
    /// done when the instant comes and the channel is called on time.
    static let claimLead: TimeInterval = 0.010

    let queue = DispatchQueue(label: "pacerd.engine")
    let store: Store
    var config: DaemonConfig
    var publishers: [String: any Publisher]
    let clock: @Sendable () -> Date
    let events: EventLog
    let notify: @Sendable (ServiceNotification) -> Void
    let timer: any EngineTimer
    let startedAt: Date

    var plan = Plan(entries: [])
    var history: [PastDelivery] = []
    /// What the engine is doing; changed only by `enter(_:)`.
    private(set) var state = EngineState.idle
    var lastStatus = ""
    /// The paused scopes (channel names, or `Store.wholeQueue`), as stored.
    var pauses: Set<String> = []
    /// Why the last reload was refused; `nil` once a configuration is in force.
    var configError: String?
    /// The Mastodon instances' length limits, per channel, as learnt (see `ChannelLimits.swift`).
    var instanceLimits: [String: InstanceLimit] = [:]
    /// What each channel takes as images, as its publisher said (see `Engine+Images.swift`).
    var mediaLimits: [String: MediaLimits] = [:]
    /// The trigrams of the posts a new text is compared with, for the near-duplicate check (`Engine+Duplicates.swift`).
    var trigramIndex = TrigramIndex()
    /// `add` requests waiting to be carried out together (`Engine+Requests.swift`).
    var pendingAdds: [(parameters: AddParameters, reply: @Sendable (Response) -> Void)] = []
    private var watchdogTimer: DispatchSourceTimer?
    /// When the store's write-ahead log was last checkpointed (`checkpointIfIdle`).
    private var lastCheckpoint = Date.distantPast

    /// - Parameters:
    ///   - publishers: one publisher per configured channel name.
    ///   - clock: the wall clock (tests pass a controlled one).
    ///   - notify: receives READY, STATUS and STOPPING.
    public convenience init(
        store: Store, config: DaemonConfig, publishers: [String: any Publisher], events: EventLog,
        clock: @escaping @Sendable () -> Date, notify: @escaping @Sendable (ServiceNotification) -> Void
    ) {
        self.init(store: store, config: config, publishers: publishers, events: events, clock: clock, notify: notify, timer: WallClockTimer())
    }

    /// An engine whose timer is `timer` (tests fire theirs themselves).
    init(
        store: Store, config: DaemonConfig, publishers: [String: any Publisher], events: EventLog,
        clock: @escaping @Sendable () -> Date, notify: @escaping @Sendable (ServiceNotification) -> Void, timer: any EngineTimer
    ) {
        self.store = store
        self.config = config
        self.publishers = publishers
        self.events = events
        self.clock = clock
        self.notify = notify
        startedAt = clock()
        self.timer = timer
    }

    /// The claimed delivery whose channel call is in flight or waits for its instant.
    var inFlight: InFlight? { state.inFlight }

    // MARK: Lifecycle

    /// Settles interrupted deliveries, makes the first plan and arms the timer. Throws when the
    /// store cannot be read or its integrity check finds damage: pacerd then refuses to start.
    public func start() throws {
        do {
            try queue.sync {
                timer.activate(on: queue) { [unowned self] in self.timerFired() }
                pauses = try store.pauses()
                try recoverInterruptedDeliveries()
                try replan()
                // The store's integrity check ran beside the reads and the plan; nothing is claimed,
                // written or served before it has passed.
                try store.awaitIntegrity()
                removeUnneededImages()
                learnInstanceLimits()
                learnMediaLimits()
            }
        } catch {
            timer.cancel()
            try store.awaitIntegrity()  // a read may meet the damage before the check reports it
            throw error
        }
    }

    /// Puts a new configuration (and its channels' publishers) in force and re-plans.
    /// Returns the new status line, for `READY=1`.
    public func reload(_ newConfig: DaemonConfig, publishers newPublishers: [String: any Publisher]) -> String {
        queue.sync {
            config = newConfig
            publishers = newPublishers
            configError = nil
            replanOrRetry()
            learnInstanceLimits()
            learnMediaLimits()
            return lastStatus
        }
    }

    /// Records that a reload was refused: the previous configuration stays in force, and the
    /// status line says why. Returns the new status line.
    public func reloadRefused(_ error: ConfigError) -> String {
        queue.sync {
            configError = error.description
            replanOrRetry()
            return lastStatus
        }
    }

    /// Pings `ping` every `interval` from the engine's own queue, so that a stuck engine stops the
    /// pings and systemd's watchdog restarts the service.
    public func startWatchdog(every interval: Duration, ping: @escaping @Sendable () -> Void) {
        queue.sync {
            let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
            let nanoseconds = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
            timer.schedule(deadline: .now(), repeating: .nanoseconds(max(nanoseconds, 1_000_000)), leeway: .milliseconds(100))
            timer.setEventHandler(handler: ping)
            timer.activate()
            watchdogTimer = timer
        }
    }

    /// Test hook (`PACER_TEST_HOOKS=stall`): blocks the engine's queue for good, as a deadlock would.
    public func stallForTesting() {
        queue.async {
            while true { sleep(3600) }
        }
    }

    /// The current one-line status, for `READY=1`.
    public var statusLine: String { queue.sync { lastStatus } }

    /// Stops publishing; calls `completion` once no channel call is in flight.
    public func stop(completion: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            guard !state.isStopping else { return }
            notify(.stopping)
            events.record(.stopping, "pacerd is stopping" + (inFlight == nil ? "" : "; waiting for the delivery in flight"))
            let finish: @Sendable () -> Void = { [self] in
                closeStore()
                completion()
            }
            switch state {
            case let .claimed(waiting):
                // Claimed and waiting for its instant, a few milliseconds away: it goes out then.
                enter(.stopping(call: waiting, finish: finish))
                let left = max(0, waiting.plannedAt.timeIntervalSince(clock()))
                queue.asyncAfter(deadline: .now() + left) { self.startCall(waiting) }
            case let .calling(call):
                enter(.stopping(call: call, finish: finish))
            case .idle, .armed, .recovering, .stopping, .stopped:
                enter(.stopped)
                finish()
            }
        }
    }

    private func closeStore() {
        do { try store.close() } catch {
            events.record(.storeError, "could not close the store cleanly: \(error); its last transaction is committed all the same", level: .warning)
        }
    }

    // MARK: Planning and the timer

    /// Re-plans from the store (as of `asOf`, else the clock) and re-arms the timer. Called after
    /// every change, from the queue and the history as the store has them.
    func replan(asOf: Date? = nil) throws {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = asOf ?? clock()
        let windowStart = now.addingTimeInterval(-Self.historyWindow)
        history = try store.history(since: windowStart)
        var input = planningInput(now: now, pending: try store.pendingDeliveries())
        plan = Planner.plan(input)
        if try applyLateActions(now: now) {
            history = try store.history(since: windowStart)
            input = planningInput(now: now, pending: try store.pendingDeliveries())
            plan = Planner.plan(input)
        }
        // Only the instants the plan moved are written: the store's own, read with the queue, are
        // the reference, so the first plan after a start does not rewrite the whole queue.
        var changes: [(delivery: DeliveryID, at: Date?)] = []
        for pending in input.pending {
            let instant = plan.instant(of: pending.id)
            if Self.moved(instant, from: pending.previousPlannedAt) { changes.append((pending.id, instant)) }
        }
        try store.recordPlannedInstants(changes)
        armForPlan()
        try publishStatus(now: now, queued: input.pending.count)
        checkpointIfIdle(now: now)
    }

    /// Copies the store's write-ahead log into the database while nothing is due for a second,
    /// at most every 10 s, so that no claim's commit has to (`Store.checkpoint`).
    private func checkpointIfIdle(now: Date) {
        guard inFlight == nil, abs(now.timeIntervalSince(lastCheckpoint)) >= 10 else { return }
        if let next = plan.next?.at, next.timeIntervalSince(now) < 1 { return }
        lastCheckpoint = now
        do { try store.checkpoint() } catch {
            events.record(.storeError, "could not checkpoint the store's write-ahead log: \(error); SQLite does at the next commits", level: .warning)
        }
    }

    /// Whether `planned` differs from the instant the store holds; the store keeps microseconds.
    private static func moved(_ planned: Date?, from stored: Date?) -> Bool {
        guard let planned, let stored else { return planned != stored }
        return abs(planned.timeIntervalSince(stored)) >= 0.000_000_5
    }

    /// What the planner sees: the queue, the history, and every rule in force, pauses included.
    func planningInput(now: Date, pending: [PendingDelivery]) -> PlanningInput {
        var channels = config.channels.map(\.rules)
        for index in channels.indices where pauses.contains(channels[index].name) {
            channels[index].paused = true
        }
        var input = PlanningInput(now: now, channels: channels, pending: pending, history: history)
        input.account = config.cadence.rules
        input.paused = pauses.contains(Store.wholeQueue)
        return input
    }

    /// Carries out what the plan decided for deliveries that fell due while pacerd was stopped
    /// longer than their channel's `max_lateness` allows (`late = "hold"` or `"skip"`).
    /// Returns whether anything changed.
    private func applyLateActions(now: Date) throws -> Bool {
        var changed = false
        for entry in plan.entries {
            guard let action = entry.lateAction else { continue }
            switch action {
            case let .hold(reason):
                let post = try store.holdDelivery(entry.deliveryID, reason: reason, now: now)
                events.record(.held, "held delivery \(entry.deliveryID): \(reason)", level: .warning,
                              post: post.id, delivery: entry.deliveryID, channel: entry.channel)
            case let .skip(reason):
                let post = try store.cancelDelivery(entry.deliveryID, now: now)
                events.record(.cancelled, "skipped delivery \(entry.deliveryID): \(reason)", level: .warning,
                              post: post.id, delivery: entry.deliveryID, channel: entry.channel)
            }
            changed = true
        }
        return changed
    }

    /// The one place the state changes, and the timer with it: armed `claimLead` before the first
    /// planned instant, for a claimed delivery's instant, or for a re-plan after a failure;
    /// disarmed while idle or calling; cancelled once stopping.
    private func enter(_ next: EngineState) {
        state = next
        switch next {
        case .idle, .calling: timer.disarm()
        case let .armed(instant): timer.arm(at: instant.addingTimeInterval(-Self.claimLead), clock: clock)
        case let .recovering(at): timer.arm(at: at, clock: clock)
        case let .claimed(waiting): timer.arm(at: waiting.plannedAt, clock: clock)
        case .stopping, .stopped: timer.cancel()
        }
    }

    /// After a re-plan: armed for the plan's first instant, unless a claim or a stop owns the timer.
    private func armForPlan() {
        switch state {
        case .idle, .armed, .recovering: enter(plan.next?.at.map { .armed(instant: $0) } ?? .idle)
        case .claimed, .calling, .stopping, .stopped: break
        }
    }

    /// After planning or claiming failed: plan again from the store in a minute, unless a claim or
    /// a stop owns the timer (the claim's outcome re-plans).
    private func recoverLater(_ error: any Error, _ what: String) {
        events.record(.storeError, "could not \(what): \(error); retrying in 60 s", level: .error)
        switch state {
        case .idle, .armed, .recovering: enter(.recovering(at: clock().addingTimeInterval(60)))
        case .claimed, .calling, .stopping, .stopped: break
        }
    }

    private func timerFired() {
        dispatchPrecondition(condition: .onQueue(queue))
        switch state {
        case let .claimed(waiting):
            startCall(waiting)
            return
        case .calling, .stopping, .stopped:
            return
        case .idle, .armed, .recovering:
            break
        }
        do {
            // Every change re-plans at once, so the plan is current when the timer fires on time:
            // it is carried out as made (planning again from a later instant would move a delivery
            // bound to a slot — an exact instant — to the next slot, and again at that one). Only a
            // timer that fires far from its instant (a suspend, a clock set forward) re-plans first.
            let now = clock()
            if case let .armed(instant) = state, abs(now.timeIntervalSince(instant)) <= Self.timerTolerance {
                // the plan as made
            } else {
                try replan()
            }
            guard let due = plan.next, let at = due.at, at <= now.addingTimeInterval(Self.claimLead) else {
                armForPlan()
                return
            }
            if let duplicate = try publishedNearDuplicate(of: due, now: now) {
                // Checked again at publish time: something alike went out since it was queued.
                let post = try store.holdDelivery(due.deliveryID, reason: duplicate, now: now)
                events.record(.held, "held delivery \(due.deliveryID): \(duplicate)", level: .warning,
                              post: post.id, delivery: due.deliveryID, channel: due.channel)
                replanOrRetry()
                return
            }
            try claim(due, at: at, now: now)
        } catch {
            recoverLater(error, "plan or claim")
        }
    }

    /// Why `entry` must not go out because a near-duplicate was published within
    /// `duplicate_window`; `nil` when nothing alike went out (or the post was queued with
    /// `--allow-duplicate`).
    private func publishedNearDuplicate(of entry: PlannedDelivery, now: Date) throws -> String? {
        guard let post = try store.post(entry.postID), !post.allowDuplicate else { return nil }
        let grams = Trigrams(of: post.text)
        // Kept for the checks after it is published, which would otherwise read and normalise it again.
        if !trigramIndex.contains(post.id) { trigramIndex.insert(post.id, grams) }
        let candidates = try duplicateCandidates(includingWaiting: false, excluding: post.id, now: now)
        guard let match = storedNearDuplicate(of: grams, among: candidates) else { return nil }
        return "near-duplicate of post \(match.postID), published within duplicate_window \(config.cadence.duplicateWindow) (\(Int((match.score * 100).rounded()))% alike); pacer release to publish it anyway"
    }

    /// Claims `entry` (committed: the at-most-once point) and calls its channel at its instant
    /// `at` — at once when that has come, else when the timer fires for it.
    private func claim(_ entry: PlannedDelivery, at: Date, now: Date) throws {
        // Daemon.build makes a publisher for every configured channel, and the planner plans only
        // configured channels.
        guard let publisher = publishers[entry.channel] else { preconditionFailure("no publisher for channel \(entry.channel)") }
        let stored = try store.claim(entry.deliveryID, now: now)
        // The history follows the claim as the store now has it (at its claim instant until it is
        // published): a preview planned before the next re-plan counts it, as a read would.
        history.append(PastDelivery(id: entry.deliveryID, channel: entry.channel, at: Store.storedInstant(now), postID: stored.post.id))
        let publication = try publication(of: stored, publisher: publisher, plannedAt: at, now: now)
        events.record(
            .claimed, "publishing post \(stored.post.id) on \(entry.channel) (attempt \(stored.attemptNumber))",
            post: stored.post.id, delivery: stored.delivery.id, channel: entry.channel,
            fields: ["attempt": String(stored.attemptNumber), "planned_at": ISOInstant.format(at)])
        if at <= clock() {
            startCall(InFlight(claim: stored, publication: publication, publisher: publisher, preparation: nil))
        } else {
            let clock = self.clock
            let preparation = Task.detached { await publisher.prepare(publication, now: clock()) }
            enter(.claimed(InFlight(claim: stored, publication: publication, publisher: publisher, preparation: preparation)))
        }
    }

    /// Calls the channel of the claimed delivery in a detached task, after its preparation; the
    /// outcome hops back to the queue.
    private func startCall(_ claim: InFlight) {
        dispatchPrecondition(condition: .onQueue(queue))
        // A stop that came while it waited for its instant keeps the state: the call is its to wait for.
        if !state.isStopping { enter(.calling(claim)) }
        let publication = claim.publication, preparation = claim.preparation, publisher = claim.publisher
        let clock = self.clock
        Task.detached { [self] in
            await preparation?.value
            let outcome = await publisher.publish(publication, now: clock())
            let answeredAt = clock()
            queue.async { self.complete(claim, outcome: outcome, answeredAt: answeredAt) }
        }
    }

    /// Records the outcome of a channel call; `answeredAt` is when the channel answered (the
    /// instant recorded as published), not when the engine's queue got to it.
    private func complete(_ inFlight: InFlight, outcome: PublishOutcome, answeredAt now: Date) {
        dispatchPrecondition(condition: .onQueue(queue))
        if !state.isStopping { enter(.idle) }
        let claim = inFlight.claim, plannedAt = inFlight.plannedAt
        let delivery = claim.delivery
        var fields = ["attempt": String(claim.attemptNumber), "planned_at": ISOInstant.format(plannedAt)]
        if inFlight.isThreadPart { fields["part"] = String(inFlight.publication.partIndex + 1) }
        do {
            outcomes: switch outcome {
            case let .published(reportedURL, reportedID, status, contentID):
                var (url, problem) = Self.storable(reportedURL, "URL")
                var (externalID, idProblem) = Self.storable(reportedID, "post id")
                if inFlight.isThreadPart {
                    let lateness = String(Int(now.timeIntervalSince(plannedAt) * 1000))
                    switch try publishedPart(inFlight, url: url, externalID: externalID, contentID: contentID, now: now, fields: fields.merging(["lateness_ms": lateness]) { $1 }) {
                    case let .next(next):
                        startCall(next)
                        return
                    case .paused:
                        break outcomes
                    case let .last(first):
                        // The thread is out: the delivery is where it begins.
                        (url, externalID) = (first.url, first.externalID)
                    }
                }
                _ = try store.finish(claim, result: .published(url: url, externalID: externalID, httpStatus: status), now: now)
                events.record(
                    .published, "published post \(claim.post.id) on \(delivery.channel)" + (url.map { " at \($0)" } ?? "")
                        + [problem, idProblem].compactMap { $0.map { "; \($0)" } }.joined(),
                    post: claim.post.id, delivery: delivery.id, channel: delivery.channel,
                    fields: fields.merging(["url": url ?? "", "lateness_ms": String(Int(now.timeIntervalSince(plannedAt) * 1000))]) { $1 })
                if !claim.post.images.isEmpty { removeUnneededImages() }
            case let .failed(reason, status):
                _ = try store.finish(claim, result: .failed(reason: reason, httpStatus: status), now: now)
                events.record(.failed, "post \(claim.post.id) failed on \(delivery.channel): \(reason)", level: .error,
                              post: claim.post.id, delivery: delivery.id, channel: delivery.channel,
                              fields: fields.merging(status.map { ["status": String($0)] } ?? [:]) { $1 })
            case let .retry(reason, after, status, consumesAttempt):
                try retry(claim, reason: reason, after: after, status: status, consumesAttempt: consumesAttempt, now: now, fields: fields)
            case let .unknown(reason):
                _ = try store.finish(claim, result: .unknown(reason: reason), now: now)
                events.record(.unknown, "post \(claim.post.id) on \(delivery.channel) may or may not have gone out: \(reason)", level: .warning,
                              post: claim.post.id, delivery: delivery.id, channel: delivery.channel, fields: fields)
            }
        } catch {
            // The claim stays committed: the delivery is never sent again on its own.
            events.record(.storeError, "could not record the outcome of delivery \(delivery.id): \(error)", level: .error,
                          post: claim.post.id, delivery: delivery.id, channel: delivery.channel)
        }
        if case let .stopping(_, finish) = state {
            enter(.stopped)
            finish()
            return
        }
        replanOrRetry()
    }

    /// What a channel reported (its post's URL or id), if it can be stored and shown: one line of
    /// at most 2,048 characters without control characters. Otherwise nil, and why it was dropped.
    static func storable(_ reported: String?, _ what: String) -> (String?, String?) {
        guard let reported, !reported.isEmpty else { return (nil, nil) }
        if let finding = ControlCharacters.firstForbidden(in: reported, lineBreaks: false) {
            return (nil, "the channel's \(what) was dropped: it contains \(finding)")
        }
        guard reported.count <= 2_048 else { return (nil, "the channel's \(what) was dropped: it is \(reported.count) characters long") }
        return (reported, nil)
    }

    /// A retryable outcome: queued again after the channel's backoff (or the rate limit's reset),
    /// or failed for good once the channel's attempts are used up.
    private func retry(
        _ claim: Claim, reason: String, after: Date?, status: Int?, consumesAttempt: Bool, now: Date, fields: [String: String]
    ) throws {
        let delivery = claim.delivery
        let policy = config.channel(named: delivery.channel)?.retry ?? RetryPolicy()
        let fields = fields.merging(status.map { ["status": String($0)] } ?? [:]) { $1 }
        let delay: TimeSpan
        if consumesAttempt {
            guard let next = policy.delay(afterAttempt: claim.attemptsSinceRetry, delivery: delivery.id) else {
                let final = "gave up after \(claim.attemptsSinceRetry) attempts: \(reason)"
                _ = try store.finish(claim, result: .failed(reason: final, httpStatus: status), now: now)
                events.record(.failed, "post \(claim.post.id) failed on \(delivery.channel): \(final)", level: .error,
                              post: claim.post.id, delivery: delivery.id, channel: delivery.channel, fields: fields)
                return
            }
            delay = next
        } else {
            delay = policy.backoff
        }
        let notBefore = max(after ?? now, now.addingTimeInterval(delay.seconds))
        _ = try store.finish(claim, result: .retry(reason: reason, httpStatus: status, notBefore: notBefore, consumesAttempt: consumesAttempt), now: now)
        events.record(.retrying, "post \(claim.post.id) on \(delivery.channel) will be tried again after \(ISOInstant.format(notBefore)): \(reason)",
                      level: .warning, post: claim.post.id, delivery: delivery.id, channel: delivery.channel,
                      fields: fields.merging(["retry_at": ISOInstant.format(notBefore)]) { $1 })
    }

    /// Re-plans after a change that is already committed; a failure is logged and retried in a
    /// minute instead of failing the request that made the change.
    func replanOrRetry() {
        do { try replan() } catch {
            recoverLater(error, "re-plan")
        }
    }

    /// After a crash: claimed deliveries become `unknown` (committed), then each channel is asked,
    /// off the queue, whether it can prove what happened; the answers come back to the queue.
    private func recoverInterruptedDeliveries() throws {
        let now = clock()
        for delivery in try store.markInterruptedClaimsUnknown(now: now) {
            if try recoverThread(delivery) { continue }
            guard let publisher = publishers[delivery.channel] else {
                reconciled(delivery, .undetermined)
                continue
            }
            let clock = self.clock
            Task.detached { [self] in
                let answer = await publisher.reconcile(deliveryID: delivery.id, claimedAt: delivery.claimedAt, now: clock())
                queue.async { self.reconciled(delivery, answer) }
            }
        }
    }

    private func reconciled(_ delivery: StoredDelivery, _ answer: Reconciliation) {
        dispatchPrecondition(condition: .onQueue(queue))
        do {
            switch answer {
            case let .published(url) where try !store.parts(of: delivery.id).isEmpty:
                // The first part of a thread is out, but not its id, which the next part must reply to.
                events.record(
                    .unknown, "part 1 of the thread of delivery \(delivery.id) was interrupted and \(delivery.channel) shows it went out\(url.map { " at \($0)" } ?? ""); the rest of the thread waits for pacer confirm",
                    level: .warning, post: delivery.postID, delivery: delivery.id, channel: delivery.channel, fields: ["part": "1"])
                return
            case let .published(url):
                _ = try store.resolveUnknown(delivery.id, published: true, url: url, now: clock())
                events.record(.reconciled, "delivery \(delivery.id) was interrupted; \(delivery.channel) shows it was published",
                              post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
            case .notPublished:
                _ = try store.resolveUnknown(delivery.id, published: false, url: nil, now: clock())
                events.record(.reconciled, "delivery \(delivery.id) was interrupted; \(delivery.channel) shows it was not published, queued again",
                              post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
            case .undetermined:
                events.record(.unknown, "delivery \(delivery.id) was interrupted mid-call; it may or may not have gone out and will not be sent again on its own",
                              level: .warning, post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
                return
            }
        } catch {
            events.record(.storeError, "could not record what \(delivery.channel) shows about delivery \(delivery.id): \(error); it stays unknown",
                          level: .error, post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
            return
        }
        if !state.isStopping { replanOrRetry() }
    }

}
