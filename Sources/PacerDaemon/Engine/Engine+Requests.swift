import Dispatch
import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore

/// The control requests, carried out on the engine's queue.
extension Engine {
    /// The most `add` requests carried out with one commit and one re-plan.
    static let maxAddBatch = 256

    /// Carries out one control request on the engine's queue and passes the reply to `reply`.
    /// `add` requests that arrive while the engine is busy wait and are carried out together.
    public func perform(_ request: Request, reply: @escaping @Sendable (Response) -> Void) {
        queue.async { [self] in
            guard case let .add(parameters) = request else { return reply(handle(request)) }
            pendingAdds.append((parameters, reply))
            if pendingAdds.count == 1 { queue.async { self.carryOutPendingAdds() } }
        }
    }

    /// Carries out the waiting `add` requests in batches, in order of arrival; a `--strict` or
    /// `--dry-run` one alone (it plans against the stored queue).
    private func carryOutPendingAdds() {
        dispatchPrecondition(condition: .onQueue(queue))
        func alone(_ parameters: AddParameters) -> Bool { parameters.strict == true || parameters.dryRun == true }
        while let first = pendingAdds.first {
            let count = alone(first.parameters) ? 1 : pendingAdds.prefix(Self.maxAddBatch).prefix { !alone($0.parameters) }.count
            let batch = pendingAdds.prefix(count)
            pendingAdds.removeFirst(count)
            for (request, result) in zip(batch, add(batch.map(\.parameters))) {
                request.reply(response(to: .add(request.parameters)) { .post(try result.get()) })
            }
        }
    }

    private func handle(_ request: Request) -> Response {
        dispatchPrecondition(condition: .onQueue(queue))
        return response(to: request) { try carryOut(request) }
    }

    /// The reply to `request`: what `body` returns, or the error it throws in the protocol's terms.
    private func response(to request: Request, _ body: () throws -> Response) -> Response {
        do {
            return try body()
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

    private func carryOut(_ request: Request) throws -> Response {
        switch request {
        case let .add(parameters): return .post(try add([parameters])[0].get())
        case .list: return .posts(try list())
        case let .show(id):
            guard let post = try store.post(id) else { return .error(ErrorReply(code: .notFound, message: "no post with id \(id); `pacer list` shows the queue")) }
            var shown = view(of: post)
            shown.attempts = try store.attempts(since: nil, channel: nil, post: id).reversed().map(AttemptView.init)
            return .post(shown)
        case let .cancel(id): return .post(try cancel(id))
        case .status: return .status(try status())
        case let .hold(id):
            let post = try store.hold(id, reason: "held with pacer hold", now: clock())
            record(.held, post, "held post \(id) until pacer release \(id)")
            replanOrRetry()
            return .post(view(of: post))
        case let .release(id):
            let post = try store.release(id, now: clock())
            record(.released, post, "released post \(id) to the queue")
            replanOrRetry()
            return .post(view(of: post))
        case let .pause(channel): return .channels(try setPaused(true, channel))
        case let .resume(channel): return .channels(try setPaused(false, channel))
        case .channels: return .channels(channelViews(now: clock()))
        case let .plan(parameters): return .plan(try planViews(parameters))
        case let .confirm(parameters):
            let post = try store.confirm(parameters.id, channel: parameters.channel, published: parameters.published, url: parameters.url, now: clock())
            record(.reconciled, post, parameters.published
                ? "confirmed by hand: post \(parameters.id) was published\(parameters.url.map { " at \($0)" } ?? "")"
                : "confirmed by hand: post \(parameters.id) was not published; queued again")
            replanOrRetry()
            return .post(view(of: post))
        case let .retry(id):
            let post = try store.retry(id, now: clock())
            record(.queued, post, "post \(id) queued again after failing (pacer retry)")
            replanOrRetry()
            return .post(view(of: post))
        case let .history(parameters): return .history(try history(parameters))
        case let .postFile(id): return .postFile(try postFile(id))
        case let .edit(parameters): return .post(try edit(parameters))
        case let .move(parameters): return .post(try move(parameters))
        case .drafts: return .posts(try drafts())
        case .checkStore:
            let findings = try store.integrityCheck()
            return .storeCheck(StoreCheckView(ok: findings == ["ok"], path: store.path, findings: findings))
        }
    }

    /// `--strict`: plans the new post's deliveries as they would be (without storing anything) and
    /// refuses when any would go out later than `requested`.
    func requireExactPlan(channels: [String], requested: Date, now: Date) throws {
        let preview = try previewPlan(of: channels, notBefore: requested, now: now)
        var misses: [String] = []
        for channel in channels {
            guard let entry = preview[channel] else { continue }
            guard let at = entry.at, abs(at.timeIntervalSince(requested)) < 1 else {
                let when = entry.at.map { "it would go out \(ISOInstant.format($0))" } ?? "it cannot be planned"
                let why = entry.reasons.filter { $0.rule != "at" }.map(\.detail).joined(separator: ", ")
                misses.append("on \(channel) \(when)\(why.isEmpty ? "" : " because \(why)")")
                continue
            }
        }
        if !misses.isEmpty { throw RequestError.notExact(misses) }
    }

    /// How a new post's deliveries on `channels` (distinct names) would be planned, not before
    /// `notBefore`, without storing anything: they get ids above any stored one, so they come last
    /// in first-come order, as they will once stored.
    func previewPlan(of channels: [String], notBefore: Date?, now: Date) throws -> [String: PlannedDelivery] {
        var input = planningInput(now: now, pending: try store.pendingDeliveries())
        let base = DeliveryID.max - DeliveryID(channels.count)
        for (index, channel) in channels.enumerated() {
            input.pending.append(PendingDelivery(id: base + DeliveryID(index), postID: PostID.max, channel: channel, notBefore: notBefore))
        }
        let preview = Planner.plan(input)
        var entries: [String: PlannedDelivery] = [:]
        for (index, channel) in channels.enumerated() {
            entries[channel] = preview.entry(for: base + DeliveryID(index))
        }
        return entries
    }

    /// Journal entries for each delivery of `post` that a state change touched.
    func record(_ event: DaemonEvent, _ post: StoredPost, _ message: String) {
        for delivery in post.deliveries {
            events.record(event, message, post: post.id, delivery: delivery.id, channel: delivery.channel)
        }
    }

    private func setPaused(_ paused: Bool, _ channel: String?) throws -> [ChannelView] {
        if let channel, config.channel(named: channel) == nil {
            throw RequestError.unknownChannel(channel, configured: config.channels.map(\.name))
        }
        let scope = channel ?? Store.wholeQueue
        let changed = paused ? try store.pause(scope, now: clock()) : try store.resume(scope)
        pauses = try store.pauses()
        if changed {
            let what = channel.map { "channel \($0)" } ?? "the whole queue"
            events.record(paused ? .paused : .resumed, "\(paused ? "paused" : "resumed") \(what)", channel: channel)
        }
        replanOrRetry()
        return channelViews(now: clock())
    }

    private func planViews(_ parameters: PlanParameters) throws -> [PlanEntryView] {
        if let channel = parameters.channel, config.channel(named: channel) == nil {
            throw RequestError.unknownChannel(channel, configured: config.channels.map(\.name))
        }
        let horizon = parameters.days.map { clock().addingTimeInterval(Double($0) * 86_400) }
        var excerpts: [PostID: String] = [:]
        return try plan.entries.compactMap { entry in
            if let channel = parameters.channel, entry.channel != channel { return nil }
            if let horizon, let at = entry.at, at > horizon { return nil }
            if excerpts[entry.postID] == nil {
                excerpts[entry.postID] = try store.post(entry.postID).map { String($0.text.split(whereSeparator: \.isNewline).first ?? "") } ?? ""
            }
            return PlanEntryView(
                deliveryID: entry.deliveryID, postID: entry.postID, channel: entry.channel, plannedAt: entry.at,
                reasons: entry.reasons, excerpt: excerpts[entry.postID] ?? "")
        }
    }

    private func history(_ parameters: HistoryParameters) throws -> [AttemptView] {
        if let channel = parameters.channel, config.channel(named: channel) == nil {
            throw RequestError.unknownChannel(channel, configured: config.channels.map(\.name))
        }
        var since: Date?
        if let text = parameters.since {
            do {
                since = try When.resolve(text, now: clock(), timeZone: config.timeZone)
            } catch {
                throw RequestError.badInstant(text, error, option: "--since")
            }
        }
        return try store.attempts(since: since, channel: parameters.channel).map(AttemptView.init)
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
        if !post.images.isEmpty { removeUnneededImages() }
        return view(of: post)
    }

    private func status() throws -> StatusView {
        let counts = try store.countsByState()
        let next = try plan.next.flatMap { entry in try store.post(entry.postID).map { view(of: $0) }?.deliveries.first { $0.id == entry.deliveryID } }
        return StatusView(
            version: PacerVersion.current, pid: getpid(), startedAt: startedAt,
            queued: counts[.queued] ?? 0, unknown: counts[.unknown] ?? 0, failed: counts[.failed] ?? 0,
            next: next, today: budgets(now: clock()), summary: lastStatus, logTarget: events.destination)
    }
}
