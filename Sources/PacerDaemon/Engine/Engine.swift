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
/// onto it. One `DispatchSourceTimer`, armed with a wall-clock deadline, fires at the earliest
/// planned instant; every change re-plans and re-arms it. There is no polling.
///
/// ## At most once
/// A delivery is claimed, and the claim committed, before its channel is called; at most one
/// channel call is in flight. A stop waits for that call to finish.
public final class Engine: @unchecked Sendable {
    /// How far back the planner looks at what went out (budgets and gaps).
    static let historyWindow: TimeInterval = 8 * 86_400

    let queue = DispatchQueue(label: "pacerd.engine")
    private let store: Store
    private var config: DaemonConfig
    private let publishers: [String: any Publisher]
    private let clock: @Sendable () -> Date
    private let events: EventLog
    private let notify: @Sendable (ServiceNotification) -> Void
    private let timer: DispatchSourceTimer
    private let startedAt: Date

    private var plan = Plan(entries: [])
    private var history: [PastDelivery] = []
    private var recordedInstants: [DeliveryID: Date?] = [:]
    private var inFlight: Claim?
    private var onStopped: (@Sendable () -> Void)?
    private var lastStatus = ""

    /// - Parameters:
    ///   - publishers: one publisher per configured channel name.
    ///   - clock: the wall clock (tests pass a controlled one).
    ///   - notify: receives READY, STATUS and STOPPING.
    public init(
        store: Store, config: DaemonConfig, publishers: [String: any Publisher], events: EventLog,
        clock: @escaping @Sendable () -> Date, notify: @escaping @Sendable (ServiceNotification) -> Void
    ) {
        self.store = store
        self.config = config
        self.publishers = publishers
        self.events = events
        self.clock = clock
        self.notify = notify
        startedAt = clock()
        timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
    }

    // MARK: Lifecycle

    /// Settles interrupted deliveries, makes the first plan and arms the timer. Throws when the
    /// store cannot be read: pacerd then refuses to start.
    public func start() throws {
        try queue.sync {
            try recoverInterruptedDeliveries()
            let handler: @Sendable () -> Void = { [unowned self] in self.timerFired() }
            timer.setEventHandler(handler: handler)
            timer.schedule(wallDeadline: .distantFuture)
            timer.activate()
            try replan()
        }
    }

    /// The current one-line status, for `READY=1`.
    public var statusLine: String { queue.sync { lastStatus } }

    /// Stops publishing; calls `completion` once no channel call is in flight.
    public func stop(completion: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            guard onStopped == nil else { return }
            notify(.stopping)
            events.record(.stopping, "pacerd is stopping" + (inFlight == nil ? "" : "; waiting for the delivery in flight"))
            timer.cancel()
            onStopped = { [self] in
                closeStore()
                completion()
            }
            if inFlight == nil { onStopped?() }
        }
    }

    private func closeStore() {
        do { try store.close() } catch {
            events.record(.storeError, "could not close the store cleanly: \(error); its last transaction is committed all the same", level: .warning)
        }
    }

    // MARK: Requests

    /// Carries out one control request on the engine's queue and passes the reply to `reply`.
    public func perform(_ request: Request, reply: @escaping @Sendable (Response) -> Void) {
        queue.async { [self] in reply(handle(request)) }
    }

    private func handle(_ request: Request) -> Response {
        dispatchPrecondition(condition: .onQueue(queue))
        do {
            switch request {
            case let .add(parameters): return .post(try add(parameters))
            case .list: return .posts(try list())
            case let .show(id):
                guard let post = try store.post(id) else { return .error(ErrorReply(code: .notFound, message: "no post with id \(id); `pacer list` shows the queue")) }
                return .post(view(of: post))
            case let .cancel(id): return .post(try cancel(id))
            case .status: return .status(try status())
            }
        } catch let error as RequestError {
            return .error(error.reply)
        } catch let error as StoreError {
            let code: ErrorCode = switch error.kind {
            case .notFound: .notFound
            case .conflict: .conflict
            case .invalidDatabase: .internalError
            }
            return .error(ErrorReply(code: code, message: error.description))
        } catch {
            events.record(.storeError, "request \(request.operation) failed: \(error)", level: .error)
            return .error(ErrorReply(code: .internalError, message: "pacerd could not carry out \(request.operation): \(error); nothing was changed"))
        }
    }

    private func add(_ parameters: AddParameters) throws -> PostView {
        let now = clock()
        let text = parameters.text
        guard !text.allSatisfy(\.isWhitespace) else { throw RequestError.emptyText }
        var channels: [String] = []
        for name in parameters.channels ?? config.defaultChannels where !channels.contains(name) {
            guard config.channel(named: name) != nil else {
                throw RequestError.unknownChannel(name, configured: config.channels.map(\.name))
            }
            channels.append(name)
        }
        guard !channels.isEmpty else { throw RequestError.noDefaultChannel(configured: config.channels.map(\.name)) }

        var notBefore: Date?
        var notes: [String] = []
        if let at = parameters.at {
            let instant: Date
            do {
                instant = try When.resolve(at, now: now, timeZone: config.timeZone)
            } catch {
                throw RequestError.badInstant(at, error)
            }
            if instant < now {
                notes.append("--at \(ISOInstant.format(instant)) is in the past; planned for the first instant the rules allow")
            } else {
                notBefore = instant
            }
        }
        let post = try store.add(NewPost(text: text, title: parameters.title, tags: parameters.tags ?? [], channels: channels, notBefore: notBefore), now: now)
        replanOrRetry()
        for delivery in post.deliveries {
            let planned = plan.entry(for: delivery.id)?.at
            events.record(
                .queued, "queued post \(post.id) on \(delivery.channel), planned \(planned.map(ISOInstant.format) ?? "later")",
                post: post.id, delivery: delivery.id, channel: delivery.channel,
                fields: planned.map { ["planned_at": ISOInstant.format($0)] } ?? [:])
        }
        var result = view(of: post)
        result.notes = notes
        return result
    }

    private func list() throws -> [PostView] {
        let posts = try store.openPosts().map(view(of:))
        func earliest(_ post: PostView) -> Date { post.deliveries.compactMap(\.plannedAt).min() ?? .distantFuture }
        return posts.sorted { (earliest($0), $0.id) < (earliest($1), $1.id) }
    }

    private func cancel(_ id: PostID) throws -> PostView {
        let before = try store.post(id)
        let post = try store.cancel(id, now: clock())
        for delivery in post.deliveries where delivery.state == .cancelled && before?.deliveries.first(where: { $0.id == delivery.id })?.state != .cancelled {
            events.record(.cancelled, "cancelled post \(id) on \(delivery.channel)", post: id, delivery: delivery.id, channel: delivery.channel)
        }
        replanOrRetry()
        return view(of: post)
    }

    private func status() throws -> StatusView {
        let counts = try store.countsByState()
        let next = try plan.next.flatMap { entry in try store.post(entry.postID).map { view(of: $0) }?.deliveries.first { $0.id == entry.deliveryID } }
        return StatusView(
            version: PacerVersion.current, pid: getpid(), startedAt: startedAt,
            queued: counts[.queued] ?? 0, unknown: counts[.unknown] ?? 0, failed: counts[.failed] ?? 0,
            next: next, today: budgets(now: clock()), summary: lastStatus)
    }

    // MARK: Planning and the timer

    /// Re-plans from the store and re-arms the timer. Called after every change.
    private func replan() throws {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = clock()
        history = try store.history(since: now.addingTimeInterval(-Self.historyWindow))
        plan = Planner.plan(PlanningInput(
            now: now, channels: config.channels.map(\.rules), pending: try store.pendingDeliveries(), history: history))
        var changes: [(delivery: DeliveryID, at: Date?)] = []
        var current: [DeliveryID: Date?] = [:]
        for entry in plan.entries {
            current[entry.deliveryID] = entry.at
            if recordedInstants[entry.deliveryID] != .some(entry.at) { changes.append((entry.deliveryID, entry.at)) }
        }
        try store.recordPlannedInstants(changes)
        recordedInstants = current
        arm()
        try publishStatus(now: now)
    }

    private func arm() {
        guard onStopped == nil else { return }
        if inFlight == nil, let next = plan.next?.at {
            let seconds = next.timeIntervalSince1970
            let whole = seconds.rounded(.down)
            let deadline = DispatchWallTime(timespec: timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9)))
            timer.schedule(wallDeadline: deadline, leeway: .milliseconds(1))
        } else {
            timer.schedule(wallDeadline: .distantFuture)
        }
    }

    private func timerFired() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard inFlight == nil, onStopped == nil else { return }
        do {
            // The rules are checked again at publish time: re-plan with the current clock.
            try replan()
            let now = clock()
            guard let due = plan.due(at: now).first else { return }
            try publish(due, now: now)
        } catch {
            events.record(.storeError, "could not plan or claim: \(error); retrying in 60 s", level: .error)
            timer.schedule(wallDeadline: .now() + 60)
        }
    }

    private func publish(_ entry: PlannedDelivery, now: Date) throws {
        // Daemon.build makes a publisher for every configured channel, and the planner plans only
        // configured channels.
        guard let publisher = publishers[entry.channel] else { preconditionFailure("no publisher for channel \(entry.channel)") }
        let claim = try store.claim(entry.deliveryID, now: now)  // committed: the at-most-once point
        inFlight = claim
        arm()
        events.record(
            .claimed, "publishing post \(claim.post.id) on \(entry.channel) (attempt \(claim.attemptNumber))",
            level: .debug, post: claim.post.id, delivery: claim.delivery.id, channel: entry.channel,
            fields: ["attempt": String(claim.attemptNumber), "planned_at": ISOInstant.format(entry.at ?? now)])
        let publication = Publication(
            deliveryID: claim.delivery.id, postID: claim.post.id, channel: entry.channel, text: claim.post.text,
            title: claim.post.title, tags: claim.post.tags, plannedAt: entry.at ?? now)
        let clock = self.clock
        Task.detached { [self] in
            let outcome = await publisher.publish(publication, now: clock())
            queue.async { self.complete(claim, outcome: outcome, plannedAt: publication.plannedAt) }
        }
    }

    private func complete(_ claim: Claim, outcome: PublishOutcome, plannedAt: Date) {
        dispatchPrecondition(condition: .onQueue(queue))
        inFlight = nil
        let now = clock()
        let delivery = claim.delivery
        let fields = ["attempt": String(claim.attemptNumber), "planned_at": ISOInstant.format(plannedAt)]
        do {
            switch outcome {
            case let .published(url, externalID):
                _ = try store.finish(claim, result: .published(url: url, externalID: externalID), now: now)
                events.record(
                    .published, "published post \(claim.post.id) on \(delivery.channel)" + (url.map { " at \($0)" } ?? ""),
                    post: claim.post.id, delivery: delivery.id, channel: delivery.channel,
                    fields: fields.merging(["url": url ?? "", "lateness_ms": String(Int(now.timeIntervalSince(plannedAt) * 1000))]) { $1 })
            case let .failed(reason):
                _ = try store.finish(claim, result: .failed(reason: reason, httpStatus: nil), now: now)
                events.record(.failed, "post \(claim.post.id) failed on \(delivery.channel): \(reason)", level: .error,
                              post: claim.post.id, delivery: delivery.id, channel: delivery.channel, fields: fields)
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
        if let onStopped {
            onStopped()
            return
        }
        replanOrRetry()
    }

    /// Re-plans after a change that is already committed; a failure is logged and retried in a
    /// minute instead of failing the request that made the change.
    private func replanOrRetry() {
        do { try replan() } catch {
            events.record(.storeError, "could not re-plan: \(error); retrying in 60 s", level: .error)
            timer.schedule(wallDeadline: .now() + 60)
        }
    }

    /// After a crash: claimed deliveries become `unknown`, then each channel may prove what happened.
    private func recoverInterruptedDeliveries() throws {
        let now = clock()
        for delivery in try store.markInterruptedClaimsUnknown(now: now) {
            let publisher = publishers[delivery.channel]
            switch publisher?.reconcile(deliveryID: delivery.id) ?? .undetermined {
            case let .published(url):
                _ = try store.resolveUnknown(delivery.id, published: true, url: url, now: now)
                events.record(.reconciled, "delivery \(delivery.id) was interrupted; \(delivery.channel) shows it was published",
                              post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
            case .notPublished:
                _ = try store.resolveUnknown(delivery.id, published: false, url: nil, now: now)
                events.record(.reconciled, "delivery \(delivery.id) was interrupted; \(delivery.channel) shows it was not published, queued again",
                              post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
            case .undetermined:
                events.record(.unknown, "delivery \(delivery.id) was interrupted mid-call; it may or may not have gone out and will not be sent again on its own",
                              level: .warning, post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
            }
        }
    }

    // MARK: Views and status

    private func view(of post: StoredPost) -> PostView {
        PostView(
            id: post.id, text: post.text, title: post.title, tags: post.tags, createdAt: post.createdAt,
            deliveries: post.deliveries.map { delivery in
                let entry = delivery.state == .queued ? plan.entry(for: delivery.id) : nil
                return DeliveryView(
                    id: delivery.id, postID: post.id, channel: delivery.channel, state: delivery.state,
                    plannedAt: entry?.at ?? delivery.plannedAt, publishedAt: delivery.publishedAt, url: delivery.url,
                    error: delivery.lastError, reasons: entry?.reasons ?? [])
            })
    }

    private func budgets(now: Date) -> [BudgetView] {
        config.channels.map { channel in
            let today = ZonedDay(containing: now, in: channel.rules.timeZone)
            let used = history.filter { $0.channel == channel.name && ZonedDay(containing: $0.at, in: channel.rules.timeZone) == today }.count
            return BudgetView(channel: channel.name, used: used, limit: channel.rules.maxPerDay)
        }
    }

    private func publishStatus(now: Date) throws {
        let counts = try store.countsByState()
        let today = budgets(now: now)
        let limits = today.map(\.limit)
        let line = StatusLine.render(
            queued: counts[.queued] ?? 0, next: plan.next.flatMap { entry in entry.at.map { (entry.channel, $0) } },
            usedToday: today.map(\.used).reduce(0, +),
            limitToday: limits.contains(nil) ? nil : limits.compactMap { $0 }.reduce(0, +),
            unknown: counts[.unknown] ?? 0, timeZone: config.timeZone)
        if line != lastStatus {
            lastStatus = line
            notify(.status(line))
        }
    }
}
