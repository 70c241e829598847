import Foundation
import PacerCore

/// One delivery as replies show it. Unknown values are `null` on the wire, never absent.
public struct DeliveryView: Codable, Sendable, Equatable {
    public var id: DeliveryID
    public var postID: PostID
    public var channel: String
    public var state: DeliveryState
    public var plannedAt: Date?
    public var publishedAt: Date?
    public var url: String?
    /// The last error, for failed and unknown deliveries.
    public var error: String?
    /// Why a held delivery waits.
    public var heldReason: String?
    /// Why it is not planned sooner (queued deliveries only).
    public var reasons: [Deferral]
    /// The text for this channel when it differs from the post's (a `[text]` override), else `null`.
    public var text: String?
    /// For a thread posted part by part: how many parts this channel posts, and how many are out.
    public var partCount: Int?
    public var partsOut: Int?

    public init(
        id: DeliveryID, postID: PostID, channel: String, state: DeliveryState, plannedAt: Date?,
        publishedAt: Date?, url: String?, error: String?, heldReason: String? = nil, reasons: [Deferral], text: String? = nil
    ) {
        self.id = id
        self.postID = postID
        self.channel = channel
        self.state = state
        self.plannedAt = plannedAt
        self.publishedAt = publishedAt
        self.url = url
        self.error = error
        self.heldReason = heldReason
        self.reasons = reasons
        self.text = text
    }

    private enum CodingKeys: String, CodingKey {
        case id, postID = "post_id", channel, state, plannedAt = "planned_at", publishedAt = "published_at", url, error
        case heldReason = "held_reason", reasons, text, partCount = "part_count", partsOut = "parts_out"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(postID, forKey: .postID)
        try container.encode(channel, forKey: .channel)
        try container.encode(state, forKey: .state)
        try container.encode(plannedAt, forKey: .plannedAt)
        try container.encode(publishedAt, forKey: .publishedAt)
        try container.encode(url, forKey: .url)
        try container.encode(error, forKey: .error)
        try container.encode(heldReason, forKey: .heldReason)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(partCount, forKey: .partCount)
        try container.encodeIfPresent(partsOut, forKey: .partsOut)
    }
}

/// One post as replies show it.
public struct PostView: Codable, Sendable, Equatable {
    public var id: PostID
    public var text: String
    public var title: String?
    public var tags: [String]
    public var createdAt: Date
    public var deliveries: [DeliveryView]
    /// What the daemon wants the person to know about this request ("--at is in the past; planned now").
    public var notes: [String]
    /// Every attempt of every delivery, oldest first: filled by `show`, empty in other replies.
    public var attempts: [AttemptView]
    /// Its images, in order.
    public var images: [ImageView]
    /// A thread's parts after the first (`text`); empty for a post that is not a thread.
    public var parts: [String]

    public init(
        id: PostID, text: String, title: String?, tags: [String], createdAt: Date, deliveries: [DeliveryView],
        notes: [String] = [], attempts: [AttemptView] = [], images: [ImageView] = [], parts: [String] = []
    ) {
        self.images = images
        self.parts = parts
        self.id = id
        self.text = text
        self.title = title
        self.tags = tags
        self.createdAt = createdAt
        self.deliveries = deliveries
        self.notes = notes
        self.attempts = attempts
    }

    private enum CodingKeys: String, CodingKey { case id, text, title, tags, createdAt = "created_at", deliveries, notes, attempts, images, parts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(PostID.self, forKey: .id), text: try container.decode(String.self, forKey: .text),
            title: try container.decodeIfPresent(String.self, forKey: .title), tags: try container.decode([String].self, forKey: .tags),
            createdAt: try container.decode(Date.self, forKey: .createdAt), deliveries: try container.decode([DeliveryView].self, forKey: .deliveries),
            notes: try container.decode([String].self, forKey: .notes), attempts: try container.decode([AttemptView].self, forKey: .attempts),
            // A pacerd from before images answers without them.
            images: try container.decodeIfPresent([ImageView].self, forKey: .images) ?? [],
            parts: try container.decodeIfPresent([String].self, forKey: .parts) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(text, forKey: .text)
        try container.encode(title, forKey: .title)
        try container.encode(tags, forKey: .tags)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(deliveries, forKey: .deliveries)
        try container.encode(notes, forKey: .notes)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(images, forKey: .images)
        try container.encode(parts, forKey: .parts)
    }
}

/// An image of a post: what it is, and its alt text.
public struct ImageView: Codable, Sendable, Equatable {
    /// Lowercase hex SHA-256 of the stored bytes (location and device metadata removed).
    public var sha256: String
    /// `image/jpeg`, `image/png`, `image/gif`, `image/webp`.
    public var type: String
    public var bytes: Int
    public var width: Int
    public var height: Int
    /// `null` when queued with `--no-alt-text`.
    public var alt: String?
    /// The thread part it belongs to, from 1.
    public var part: Int

    public init(sha256: String, type: String, bytes: Int, width: Int, height: Int, alt: String?, part: Int = 1) {
        self.part = part
        self.sha256 = sha256
        self.type = type
        self.bytes = bytes
        self.width = width
        self.height = height
        self.alt = alt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(type, forKey: .type)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(alt, forKey: .alt)
        try container.encode(part, forKey: .part)
    }

    private enum CodingKeys: String, CodingKey { case sha256, type, bytes, width, height, alt, part }
}

/// A post as a post file, ready for an editor (`pacer edit`, `pacer add --edit`).
public struct PostFileView: Codable, Sendable, Equatable {
    /// The post's id, or `null` for a new post's template.
    public var id: PostID?
    /// The post file: `+++` TOML front matter with the channels' length limits as comments, then the text.
    public var source: String

    public init(id: PostID?, source: String) {
        self.id = id
        self.source = source
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
    }
}

/// A channel's use of its daily budget.
public struct BudgetView: Codable, Sendable, Equatable {
    public var channel: String
    /// Deliveries that went out (or may have) today in the channel's zone.
    public var used: Int
    /// `max_per_day`, or `nil` when unlimited.
    public var limit: Int?

    public init(channel: String, used: Int, limit: Int?) {
        self.channel = channel
        self.used = used
        self.limit = limit
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(channel, forKey: .channel)
        try container.encode(used, forKey: .used)
        try container.encode(limit, forKey: .limit)
    }
}

/// The daemon's state at a glance (`pacer status`).
public struct StatusView: Codable, Sendable, Equatable {
    public var version: String
    public var pid: Int32
    public var startedAt: Date
    /// Deliveries waiting to go out.
    public var queued: Int
    /// Deliveries nobody can tell went out (after a crash); they wait for a person.
    public var unknown: Int
    public var failed: Int
    /// The next delivery, or `null`.
    public var next: DeliveryView?
    /// Today's use of each channel's daily budget.
    public var today: [BudgetView]
    /// The one-line summary also sent to systemd as `STATUS=`.
    public var summary: String
    /// Where pacerd writes its log: `journal` or `stderr` (`null` from a pacerd that does not say).
    public var logTarget: String?

    public init(
        version: String, pid: Int32, startedAt: Date, queued: Int, unknown: Int, failed: Int,
        next: DeliveryView?, today: [BudgetView], summary: String, logTarget: String? = nil
    ) {
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.queued = queued
        self.unknown = unknown
        self.failed = failed
        self.next = next
        self.today = today
        self.summary = summary
        self.logTarget = logTarget
    }

    private enum CodingKeys: String, CodingKey {
        case version, pid, startedAt = "started_at", queued, unknown, failed, next, today, summary, logTarget = "log_target"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(pid, forKey: .pid)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(queued, forKey: .queued)
        try container.encode(unknown, forKey: .unknown)
        try container.encode(failed, forKey: .failed)
        try container.encode(next, forKey: .next)
        try container.encode(today, forKey: .today)
        try container.encode(summary, forKey: .summary)
        try container.encode(logTarget, forKey: .logTarget)
    }
}

/// The store's health (`PRAGMA integrity_check`).
public struct StoreCheckView: Codable, Sendable, Equatable {
    /// `true` when SQLite answered "ok".
    public var ok: Bool
    /// The database file.
    public var path: String
    /// SQLite's findings, `["ok"]` when healthy.
    public var findings: [String]

    public init(ok: Bool, path: String, findings: [String]) {
        self.ok = ok
        self.path = path
        self.findings = findings
    }
}
