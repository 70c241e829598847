import Foundation
import PacerCore
import PacerProtocol
import PacerStore

/// Writing posts: `add`, `edit`, `move`, drafts and post files. Every rule a post must pass is
/// checked here before anything is stored, so a refusal changes nothing.
extension Engine {
    /// A post as the request and its post file say it, before the rules are checked.
    struct Composition {
        var text: String
        var title: String?
        var tags: [String]
        var channels: [String]
        var at: String?
        /// How the person wrote `at`, for error messages: `--at` on the command line, `at` in a post file.
        var atLabel = "at"
        var overrides: [String: String]
        var draft: Bool
        var images: [ImageRequest] = []
        var noAltText = false
        /// A thread's parts after the first (`text`).
        var laterParts: [String] = []
        /// Per-channel texts for each part of a thread.
        var partOverrides: [String: [String]] = [:]
        /// For the checks of one part of a thread: its number (from 1), which messages name.
        var part: Int?

        /// `message`, naming the part when this is one part of a thread.
        func naming(_ message: String) -> String {
            part.map { "part \($0): \(message)" } ?? message
        }

        /// One composition per part, for the checks that look at one text per channel: a later
        /// part has the channels' per-part texts as overrides, and leaves out the channels that
        /// get one post of their own instead of the thread (`skipped`).
        var partViews: [(view: Composition, skipped: Set<String>)] {
            let isThread = !laterParts.isEmpty
            var first = self
            first.part = isThread ? 1 : nil
            for (channel, texts) in partOverrides { first.overrides[channel] = texts.first }
            let single = Set(overrides.keys)
            var views: [(view: Composition, skipped: Set<String>)] = [(first, [])]
            for (offset, text) in laterParts.enumerated() {
                var view = self
                view.text = text
                view.part = offset + 2
                view.overrides = partOverrides.compactMapValues { $0.indices.contains(offset + 1) ? $0[offset + 1] : nil }
                views.append((view, single))
            }
            return views
        }
    }

    /// Carries out `add` requests in order, with one durable commit and one re-plan for all that
    /// pass the rules; each gets its own result. Each request is checked as if the ones before it
    /// were already stored (a near-duplicate of an earlier one in the same batch is refused).
    /// A `--strict` or `--dry-run` request plans against the stored queue: it comes alone.
    func add(_ batch: [AddParameters]) -> [Result<PostView, any Error>] {
        let now = clock()
        var results: [Result<PostView, any Error>?] = Array(repeating: nil, count: batch.count)
        var accepted: [(index: Int, post: NewPost, notes: [String], grams: Trigrams)] = []
        /// Requests refused as near-duplicates of an accepted one in the batch: named once it has an id.
        var refusedForEarlier: [(index: Int, earlier: Int, score: Double)] = []
        /// The stored posts to compare with, read once for the batch when first needed.
        var candidates: DuplicateCandidates?
        for (index, parameters) in batch.enumerated() {
            do {
                let file = try parameters.source.map(parsePostFile) ?? PostFile(text: "")
                var composition = Composition(
                    text: parameters.text ?? file.text, title: parameters.title ?? file.title, tags: parameters.tags ?? file.tags ?? [],
                    channels: parameters.channels ?? file.channels ?? config.defaultChannels, at: parameters.at ?? file.at,
                    atLabel: parameters.at == nil ? "at" : "--at", overrides: file.overrides, draft: parameters.draft ?? file.draft ?? false,
                    images: Self.imageRequests(of: file, in: parameters.baseDirectory)
                        + (parameters.images ?? []).map { ImageRequest(path: $0.path, alt: $0.alt) },
                    noAltText: parameters.noAltText ?? file.noAltText ?? false)
                // The command line's text replaces the file's whole body, thread parts included.
                if parameters.text == nil {
                    composition.laterParts = file.laterParts
                    composition.partOverrides = file.partOverrides
                }
                var notes: [String] = []
                let newPost = try check(
                    composition, allowDuplicate: parameters.allowDuplicate == true, keepImages: parameters.dryRun != true, editing: nil, now: now,
                    notes: &notes)
                let grams = Trigrams(of: newPost.wholeText)
                if !newPost.allowDuplicate {
                    let batchCandidates = try candidates ?? duplicateCandidates(includingWaiting: true, excluding: nil, now: now)
                    candidates = batchCandidates
                    let stored = storedNearDuplicate(of: grams, among: batchCandidates)
                    let earlier = NearDuplicate.find(grams, among: accepted.map { (PostID($0.index), $0.grams) }, threshold: config.cadence.similarity)
                    // Stored posts have lower ids than the batch's: they win a tie.
                    if let stored, stored.score >= earlier?.score ?? 0 {
                        throw RequestError.nearDuplicate(of: stored.postID, score: stored.score, threshold: config.cadence.similarity)
                    }
                    if let earlier {
                        refusedForEarlier.append((index, Int(earlier.postID), earlier.score))
                        continue
                    }
                }
                if parameters.strict == true, !newPost.draft {
                    try requireExactPlan(channels: newPost.channels, requested: newPost.notBefore ?? now, now: now)
                }
                if parameters.dryRun == true {
                    results[index] = .success(try dryRunView(of: newPost, now: now, notes: notes))
                    continue
                }
                accepted.append((index, newPost, notes, grams))
            } catch {
                results[index] = .failure(error)
            }
        }
        func complete() -> [Result<PostView, any Error>] {
            results.map { result in
                guard let result else { preconditionFailure("every request of a batch has a result") }
                return result
            }
        }
        guard !accepted.isEmpty else { return complete() }
        let posts: [StoredPost]
        do {
            posts = try store.add(accepted.map(\.post), now: now)
        } catch {
            // Nothing was stored: every request that got this far fails with the store's error.
            for index in accepted.map(\.index) + refusedForEarlier.map(\.index) { results[index] = .failure(error) }
            return complete()
        }
        // Waiting posts: the next batch compares with them.
        for (post, mate) in zip(posts, accepted) { trigramIndex.insert(post.id, mate.grams) }
        replanOrRetry()
        var idOfRequest: [Int: PostID] = [:]
        for (mate, post) in zip(accepted, posts) {
            idOfRequest[mate.index] = post.id
            for delivery in post.deliveries {
                let planned = plan.entry(for: delivery.id)?.at
                let what = delivery.state == .draft ? "kept post \(post.id) as a draft for \(delivery.channel)"
                    : "queued post \(post.id) on \(delivery.channel), planned \(planned.map(ISOInstant.format) ?? "later")"
                events.record(
                    .queued, what, post: post.id, delivery: delivery.id, channel: delivery.channel,
                    fields: planned.map { ["planned_at": ISOInstant.format($0)] } ?? [:])
            }
            var result = view(of: post)
            result.notes = mate.notes
            results[mate.index] = .success(result)
        }
        for refusal in refusedForEarlier {
            results[refusal.index] = .failure(RequestError.nearDuplicate(
                of: idOfRequest[refusal.earlier] ?? 0, score: refusal.score, threshold: config.cadence.similarity))
        }
        return complete()
    }

    func edit(_ parameters: EditParameters) throws -> PostView {
        let now = clock()
        guard let current = try store.post(parameters.id) else { throw StoreError.noSuchPost(parameters.id) }
        guard !current.liveChannels.isEmpty else { throw StoreError.cancelledPost(current.id) }
        let file = try parsePostFile(parameters.source)
        let composition = Composition(
            text: file.text, title: file.title, tags: file.tags ?? [], channels: file.channels ?? current.liveChannels,
            at: file.at, overrides: file.overrides, draft: file.draft ?? false,
            images: Self.imageRequests(of: file, in: parameters.baseDirectory), noAltText: file.noAltText ?? false,
            laterParts: file.laterParts, partOverrides: file.partOverrides)
        var notes: [String] = []
        let allowDuplicate = parameters.allowDuplicate == true || current.allowDuplicate
        let newPost = try check(composition, allowDuplicate: allowDuplicate, keepImages: true, editing: current.id, now: now, notes: &notes)
        if !allowDuplicate, let match = storedNearDuplicate(
            of: Trigrams(of: newPost.wholeText), among: try duplicateCandidates(includingWaiting: true, excluding: current.id, now: now)) {
            throw RequestError.nearDuplicate(of: match.postID, score: match.score, threshold: config.cadence.similarity)
        }
        let post = try store.edit(current.id, to: newPost, now: now)
        trigramIndex.remove(post.id)
        replanOrRetry()
        if post.images != current.images { removeUnneededImages() }
        for delivery in post.deliveries {
            events.record(.edited, "edited post \(post.id) (\(delivery.channel): \(delivery.state.rawValue))", post: post.id, delivery: delivery.id, channel: delivery.channel)
        }
        var result = view(of: post)
        result.notes = notes
        return result
    }

    func move(_ parameters: MoveParameters) throws -> PostView {
        let now = clock()
        let position: Store.QueuePosition
        switch (parameters.at, parameters.position) {
        case let (at?, nil): position = .notBefore(try resolve(at, option: "--at", now: now))
        case (nil, .first): position = .first
        case (nil, .last): position = .last
        default: throw RequestError.moveNeedsOneTarget
        }
        let post = try store.move(parameters.id, to: position, now: now)
        replanOrRetry()
        record(.moved, post, "moved post \(post.id) \(parameters.position.map { "to the \($0.rawValue) place" } ?? "to not before \(parameters.at ?? "")")")
        return view(of: post)
    }

    /// A post as a post file for an editor; the template of a new post (default channels) when `id` is nil.
    func postFile(_ id: PostID?) throws -> PostFileView {
        guard let id else {
            let file = PostFile(text: "", channels: config.defaultChannels)
            return PostFileView(id: nil, source: PostFileRenderer.render(file, limits: limits(of: config.channels.map(\.name))))
        }
        guard let post = try store.post(id) else { throw StoreError.noSuchPost(id) }
        let live = post.deliveries.filter { $0.state != .cancelled }
        var file = PostFile(
            text: post.text, channels: post.liveChannels, at: live.compactMap(\.notBefore).min().map(ISOInstant.format),
            title: post.title, tags: post.tags, draft: live.contains { $0.state == .draft },
            overrides: Dictionary(live.compactMap { delivery in delivery.textOverride.map { (delivery.channel, $0) } }) { first, _ in first },
            // The stored copies, by absolute path: an edit that keeps them reads them again as they are.
            images: post.images.map { PostFile.Image(path: store.media.path(sha256: $0.sha256, format: $0.facts.format), alt: $0.alt, part: $0.part) },
            noAltText: post.images.contains { $0.alt == nil } ? true : nil)
        file.laterParts = post.laterParts
        file.partOverrides = Dictionary(live.compactMap { delivery in delivery.partTexts.map { (delivery.channel, $0) } }) { first, _ in first }
        return PostFileView(id: id, source: PostFileRenderer.render(file, limits: limits(of: config.channels.map(\.name))))
    }

    func drafts() throws -> [PostView] {
        try store.drafts().map(view(of:))
    }

    // MARK: Rules

    private func parsePostFile(_ source: String) throws -> PostFile {
        do {
            return try PostFile.parse(source)
        } catch {
            throw RequestError.badPostFile(error)
        }
    }

    private func resolve(_ text: String, option: String, now: Date) throws -> Date {
        do {
            return try When.resolve(text, now: now, timeZone: config.timeZone)
        } catch {
            throw RequestError.badInstant(text, error, option: option)
        }
    }

    /// Checks `composition` against every rule a new or edited post must pass but the
    /// near-duplicate one (`storedNearDuplicate`), and returns what to store.
    private func check(
        _ composition: Composition, allowDuplicate: Bool, keepImages: Bool, editing: PostID?, now: Date, notes: inout [String]
    ) throws -> NewPost {
        guard !composition.text.allSatisfy(\.isWhitespace) else { throw RequestError.emptyText }
        let parts = composition.partViews
        for part in parts { try checkControlCharacters(part.view) }
        var channels: [String] = []
        for name in composition.channels where !channels.contains(name) {
            guard config.channel(named: name) != nil else {
                throw RequestError.unknownChannel(name, configured: config.channels.map(\.name))
            }
            channels.append(name)
        }
        guard !channels.isEmpty else { throw RequestError.noDefaultChannel(configured: config.channels.map(\.name)) }
        for (channel, text) in composition.overrides.sorted(by: { $0.key < $1.key }) {
            guard channels.contains(channel) else { throw RequestError.overrideWithoutChannel(channel, channels: channels) }
            guard !text.allSatisfy(\.isWhitespace) else { throw RequestError.emptyOverride(channel) }
        }
        for (channel, texts) in composition.partOverrides.sorted(by: { $0.key < $1.key }) {
            guard channels.contains(channel) else { throw RequestError.overrideWithoutChannel(channel, channels: channels) }
            guard composition.overrides[channel] == nil else { throw RequestError.twoOverrides(channel) }
            if let empty = texts.firstIndex(where: { $0.allSatisfy(\.isWhitespace) }) { throw RequestError.emptyOverride(channel, part: empty + 1) }
        }
        try checkThreadChannels(composition, channels: channels)
        var notBefore: Date?
        if let at = composition.at {
            let instant = try resolve(at, option: composition.atLabel, now: now)
            if instant < now {
                notes.append("\(composition.atLabel) \(ISOInstant.format(instant)) is in the past; planned for the first instant the rules allow")
            } else {
                notBefore = instant
            }
        }
        for part in parts { try checkLength(part.view, channels: channels.filter { !part.skipped.contains($0) }) }
        for part in parts { try checkBlueskyRecord(part.view, channels: channels.filter { !part.skipped.contains($0) }) }
        var held: [String: String] = [:]
        if !composition.draft {
            for part in parts {
                held.merge(privacyHolds(part.view, channels: channels.filter { !part.skipped.contains($0) }, notes: &notes)) { first, _ in first }
            }
        }
        let images = try intake(
            composition.images, noAltText: composition.noAltText, channels: channels, keep: keepImages, editing: editing, now: now, notes: &notes)
        return NewPost(
            text: composition.text, title: composition.title, tags: composition.tags, channels: channels, notBefore: notBefore,
            held: held, allowDuplicate: allowDuplicate, overrides: composition.overrides, draft: composition.draft, images: images,
            laterParts: composition.laterParts, partOverrides: composition.partOverrides)
    }

    /// Refuses a thread on a channel whose platform has none (LinkedIn), unless the channel gets
    /// one post of its own (a single `[text]` string).
    private func checkThreadChannels(_ composition: Composition, channels: [String]) throws {
        guard !composition.laterParts.isEmpty else { return }
        for name in channels where config.channel(named: name)?.kind == .linkedin && composition.overrides[name] == nil {
            throw RequestError.threadOnLinkedIn(name, parts: composition.laterParts.count + 1)
        }
    }

    /// The post file's images, their paths made absolute against the directory the request gives
    /// (the file's own). Without one, a relative path is left as it is and fails to read, naming it.
    private static func imageRequests(of file: PostFile, in directory: String?) -> [ImageRequest] {
        file.images.map { image in
            let path = image.path.hasPrefix("/") || directory == nil ? image.path : directory! + "/" + image.path
            return ImageRequest(path: path, alt: image.alt, part: image.part)
        }
    }

    /// Refuses control characters, which C layers below cut texts at (NUL) or which would forge
    /// lines where a field is one line: texts may hold tabs and line breaks, titles and tags tabs.
    private func checkControlCharacters(_ composition: Composition) throws {
        var fields: [(name: String, value: String, lineBreaks: Bool)] = [(composition.naming("the text"), composition.text, true)]
        if let title = composition.title { fields.append(("the title", title, false)) }
        fields += composition.tags.enumerated().map { ("tag \($0.offset + 1)", $0.element, false) }
        fields += composition.overrides.sorted { $0.key < $1.key }.map { (composition.naming("text.\($0.key)"), $0.value, true) }
        for field in fields {
            if let finding = ControlCharacters.firstForbidden(in: field.value, lineBreaks: field.lineBreaks) {
                throw RequestError.controlCharacter(in: field.name, finding, lineBreaksAllowed: field.lineBreaks)
            }
        }
    }

    /// Refuses a text longer than its channel allows, counted as each platform counts; each
    /// channel is checked with its own text (the `[text]` override, else the post's).
    private func checkLength(_ composition: Composition, channels: [String]) throws {
        let findings = channels.compactMap { name -> String? in
            guard let channel = config.channel(named: name) else { return nil }
            let override = composition.overrides[name]
            guard let finding = ContentLimit.check(override ?? composition.text, kind: channel.kind.rawValue, maxLength: maxLength(of: channel), channel: name)
            else { return nil }
            return composition.naming(override == nil
                ? "\(finding.message), or give \(name) its own shorter text with a [text] override in a post file (text.\(name) = \"…\")"
                : "its [text] override for \(name) is \(finding.message)")
        }
        if !findings.isEmpty { throw RequestError.tooLong(findings) }
    }

    /// The privacy lint on each channel's text: channels with `privacy = "hold"` get their delivery
    /// held with the findings; with `"warn"` the findings become notes; with `"off"` the text is
    /// not read at all.
    private func privacyHolds(_ composition: Composition, channels: [String], notes: inout [String]) -> [String: String] {
        var held: [String: String] = [:]
        var heldFindings: [String] = []
        for name in channels {
            let mode = config.channel(named: name)?.privacy ?? .hold
            guard mode != .off else { continue }
            let findings = PrivacyLint.findings(in: composition.overrides[name] ?? composition.text)
            guard !findings.isEmpty else { continue }
            let described = Self.describe(findings)
            switch mode {
            case .hold:
                held[name] = "privacy: the text contains \(described); check it, then pacer release"
                if !heldFindings.contains(described) { heldFindings.append(described) }
            case .warn: notes.append("privacy on \(name): the text contains \(described)")
            case .off: break
            }
        }
        if !held.isEmpty {
            notes.append("held on \(held.keys.sorted().joined(separator: ", ")) because the text contains \(heldFindings.joined(separator: "; ")); check it, then pacer release ID")
        }
        return held
    }

    /// The first few findings in words, and how many more there are: a text full of addresses
    /// must not make a reason as long as itself.
    private static func describe(_ findings: [PrivacyFinding]) -> String {
        let shown = findings.prefix(5).map(\.message).joined(separator: ", ")
        return findings.count > 5 ? shown + " and \(findings.count - 5) more" : shown
    }

    /// What `add --dry-run` answers: the post as it would be stored, with ids 0 and a plan preview.
    private func dryRunView(of post: NewPost, now: Date, notes: [String]) throws -> PostView {
        let planned = post.draft ? [] : post.channels.filter { post.held[$0] == nil }
        let preview = try previewPlan(of: planned, notBefore: post.notBefore, now: now)
        let deliveries = post.channels.map { channel in
            let entry = preview[channel]
            let state: DeliveryState = post.draft ? .draft : post.held[channel] == nil ? .queued : .held
            return DeliveryView(
                id: 0, postID: 0, channel: channel, state: state, plannedAt: entry?.at, publishedAt: nil, url: nil, error: nil,
                heldReason: post.held[channel], reasons: entry?.reasons ?? [], text: post.overrides[channel])
        }
        return PostView(
            id: 0, text: post.text, title: post.title, tags: post.tags, createdAt: now, deliveries: deliveries,
            notes: notes + ["dry run: nothing was stored"], images: post.images.map(Self.imageView), parts: post.laterParts)
    }

    /// Each channel's length limit, as the post file's comments show it.
    private func limits(of channels: [String]) -> [PostFileRenderer.ChannelLimit] {
        channels.compactMap { name in
            guard let channel = config.channel(named: name) else { return nil }
            let platform = TextPlatform(rawValue: channel.kind.rawValue)
            guard let limit = maxLength(of: channel) ?? platform?.defaultLimit else {
                return PostFileRenderer.ChannelLimit(channel: name, description: "no length limit (\(channel.kind.rawValue))")
            }
            return PostFileRenderer.ChannelLimit(channel: name, description: "at most \(limit) \(platform?.unit ?? "characters")")
        }
    }
}

extension StoredPost {
    /// The channels of its deliveries that are not cancelled, in order.
    var liveChannels: [String] {
        deliveries.filter { $0.state != .cancelled }.map(\.channel)
    }
}
