import Dispatch
import Foundation
import PacerChannels
import PacerCore
import PacerProtocol
import PacerStore

/// What replies and the status line show.
extension Engine {
    func view(of post: StoredPost) -> PostView {
        // How far each thread got, for the channels that post one part by part.
        let started = post.laterParts.isEmpty ? [:] : (try? store.parts(ofPost: post.id)) ?? [:]
        return PostView(
            id: post.id, text: post.text, title: post.title, tags: post.tags, createdAt: post.createdAt,
            deliveries: post.deliveries.map { delivery in
                let entry = delivery.state == .queued ? plan.entry(for: delivery.id) : nil
                var view = DeliveryView(
                    id: delivery.id, postID: post.id, channel: delivery.channel, state: delivery.state,
                    plannedAt: entry?.at ?? delivery.plannedAt, publishedAt: delivery.publishedAt, url: delivery.url,
                    error: delivery.lastError, heldReason: delivery.heldReason, reasons: entry?.reasons ?? [], text: delivery.textOverride)
                let count = delivery.parts(of: post).count
                if count > 1, publishers[delivery.channel]?.publishesPartByPart == true {
                    view.partCount = count
                    view.partsOut = delivery.state == .published ? count : started[delivery.id]?.filter { $0.publishedAt != nil }.count ?? 0
                }
                return view
            },
            images: post.images.map(Self.imageView), parts: post.laterParts)
    }

    static func imageView(_ image: PostImage) -> ImageView {
        ImageView(
            sha256: image.sha256, type: image.facts.format.mediaType, bytes: image.byteCount, width: image.facts.width,
            height: image.facts.height, alt: image.alt, part: image.part)
    }

    /// Today's use of each channel's daily budget, in the channel's zone.
    func budgets(now: Date) -> [BudgetView] {
        config.channels.map { channel in
            let today = ZonedDay(containing: now, in: channel.rules.timeZone)
            let used = history.filter { $0.channel == channel.name && ZonedDay(containing: $0.at, in: channel.rules.timeZone) == today }.count
            return BudgetView(channel: channel.name, used: used, limit: channel.rules.maxPerDay)
        }
    }

    /// Sends systemd the status line when it changed; `queued` is the number of queued deliveries
    /// (the plan's input), the rest is read from the store and the history.
    func publishStatus(now: Date, queued: Int) throws {
        let unknown = try store.count(of: .unknown)
        let today = budgets(now: now)
        let limits = today.map(\.limit)
        // Today's use of the account budget: [cadence] max_per_day when set, else the channels' together.
        let accountDay = ZonedDay(containing: now, in: config.cadence.timeZone)
        let usedToday = config.cadence.maxPerDay == nil
            ? today.map(\.used).reduce(0, +)
            : history.filter { ZonedDay(containing: $0.at, in: config.cadence.timeZone) == accountDay }.count
        let limitToday = config.cadence.maxPerDay ?? (limits.contains(nil) ? nil : limits.compactMap { $0 }.reduce(0, +))
        let paused = pauses.contains(Store.wholeQueue) ? ["the queue"] : pauses.sorted()
        let line = StatusLine.render(
            queued: queued, next: plan.next.flatMap { entry in entry.at.map { (entry.channel, $0) } },
            usedToday: usedToday, limitToday: limitToday, unknown: unknown,
            paused: paused, configError: configError, timeZone: config.timeZone)
        if line != lastStatus {
            lastStatus = line
            notify(.status(line))
        }
    }

    /// Every channel with its rules as configured, its pause state and its budgets.
    func channelViews(now: Date) -> [ChannelView] {
        zip(config.channels, budgets(now: now)).map { channel, today in
            let zone = channel.rules.timeZone
            // An ISO week is named by its Monday.
            func monday(_ instant: Date) -> Int {
                let day = ZonedDay(containing: instant, in: zone)
                return day.index - day.isoWeekdayIndex
            }
            let week = monday(now)
            let mine = history.filter { $0.channel == channel.name }
            return ChannelView(
                name: channel.name, kind: channel.kind.rawValue, isDefault: channel.isDefault, timeZone: zone.identifier,
                paused: pauses.contains(channel.name) || pauses.contains(Store.wholeQueue),
                rules: Self.redactingURLs(in: shownRules(of: channel)),
                today: today,
                week: BudgetView(channel: channel.name, used: mine.filter { monday($0.at) == week }.count, limit: channel.rules.maxPerWeek))
        }
    }

    /// The configuration keys whose values are URLs.
    static let urlKeys: Set<String> = ["url", "base_url"]

    /// `rules` with every URL as people may see it (``RedactedURL``): a webhook's query may hold a token.
    static func redactingURLs(in rules: [String: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: rules.map { key, value in (key, urlKeys.contains(key) ? RedactedURL.shown(value) : value) })
    }
}

extension AttemptView {
    /// The view of one ledger row.
    init(_ attempt: AttemptRecord) {
        self.init(
            postID: attempt.postID, deliveryID: attempt.deliveryID, channel: attempt.channel, attempt: attempt.number,
            startedAt: attempt.startedAt, finishedAt: attempt.finishedAt, outcome: attempt.outcome,
            status: attempt.httpStatus, externalID: attempt.externalID, url: attempt.url, error: attempt.error)
    }
}
