import Foundation
import GRDB
import PacerCore

/// Changing what a post says, where it goes and when: `pacer edit`, `pacer move`, `pacer drafts`.
extension Store {
    /// The states a delivery may be in for its post to be edited: nothing has gone out, nothing is in flight.
    public static let editableStates: Set<DeliveryState> = [.draft, .queued, .held, .cancelled]

    /// Replaces a post's content, channels, "not before" and draft flag, in one transaction.
    ///
    /// Refused (conflict) when a delivery of the post is claimed, published, failed or unknown:
    /// what went out, or may have, is never rewritten; and when the post was cancelled. Deliveries on channels no longer named are
    /// cancelled; new channels get a delivery; the others keep their state (held stays held), except
    /// that `draft` turns every pending one into a draft, a draft turns queued when `draft` is false,
    /// and a queued one is held when `post.held` names its channel (a privacy finding in the new text).
    public func edit(_ id: PostID, to post: NewPost, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let current = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            if let settled = current.deliveries.first(where: { !Self.editableStates.contains($0.state) }) {
                throw StoreError.notEditable(id, channel: settled.channel, state: settled.state)
            }
            // A thread queued again after a retry may have parts out already.
            if let begun = try current.deliveries.first(where: { try Self.fetchParts(db, $0.id).contains { $0.publishedAt != nil } }) {
                throw StoreError.notEditable(id, channel: begun.channel, state: .published, partly: true)
            }
            guard current.deliveries.contains(where: { $0.state != .cancelled }) else { throw StoreError.cancelledPost(id) }
            let tags = try Self.tagsColumn(post.tags)
            try db.execute(
                sql: "UPDATE post SET text = ?, title = ?, tags = ?, allow_duplicate = ? WHERE id = ?",
                arguments: [post.text, post.title, tags, post.allowDuplicate, id])
            try db.execute(sql: "DELETE FROM post_image WHERE post_id = ?", arguments: [id])
            try Self.insertImages(db, postID: id, post.images)
            try db.execute(sql: "DELETE FROM post_part WHERE post_id = ?", arguments: [id])
            try Self.insertLaterParts(db, postID: id, post.laterParts)
            let live = current.deliveries.filter { $0.state != .cancelled }
            for delivery in live where !post.channels.contains(delivery.channel) {
                try Self.move(db, delivery.id, to: .cancelled, now: now)
            }
            for channel in post.channels {
                guard let delivery = live.first(where: { $0.channel == channel }) else {
                    try Self.insertDelivery(db, postID: id, channel: channel, of: post, now: now)
                    continue
                }
                var state: DeliveryState = post.draft ? .draft : delivery.state == .draft ? .queued : delivery.state
                if state == .queued, post.held[channel] != nil { state = .held }
                if state != delivery.state {
                    if delivery.state == .draft, state == .held { try Self.move(db, delivery.id, to: .queued, now: now) }
                    try Self.move(db, delivery.id, to: state, now: now)
                }
                let heldReason = state == .held ? post.held[channel] ?? delivery.heldReason : nil
                try db.execute(
                    sql: "UPDATE delivery SET text = ?, part_texts = ?, not_before = ?, held_reason = ?, planned_at = NULL, updated_at = ? WHERE id = ?",
                    arguments: [
                        post.overrides[channel], try Self.partTextsColumn(post.partOverrides[channel]), post.notBefore?.storedMicroseconds, heldReason,
                        now.storedMicroseconds, delivery.id,
                    ])
            }
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// Where a moved post goes among the deliveries waiting now.
    public enum QueuePosition: Sendable {
        /// Ahead of every queued delivery ("share next").
        case first
        /// Behind every queued delivery.
        case last
        /// Not before this instant; its place among equals is unchanged.
        case notBefore(Date)
    }

    /// Moves a post's queued and held deliveries in the queue. Refuses when none is queued or held.
    public func move(_ id: PostID, to position: QueuePosition, now: Date) throws -> StoredPost {
        try writer.write { db in
            guard let post = try Self.fetchPost(db, id: id) else { throw StoreError.noSuchPost(id) }
            let movable = post.deliveries.filter { $0.state == .queued || $0.state == .held }
            guard !movable.isEmpty else {
                throw StoreError.nothingInState(id, wanted: .queued, action: "moved", states: post.deliveries.map(\.state))
            }
            let ids = movable.map(\.id)
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            switch position {
            case let .notBefore(instant):
                try db.execute(
                    sql: "UPDATE delivery SET not_before = ?, planned_at = NULL, updated_at = ? WHERE id IN (\(placeholders))",
                    arguments: StatementArguments([instant.storedMicroseconds, now.storedMicroseconds] + ids))
            case .first, .last:
                let extreme = position.isFirst ? "min" : "max"
                let others = try Int64.fetchOne(
                    db,
                    sql: "SELECT \(extreme)(coalesce(rank, id)) FROM delivery WHERE state IN ('queued', 'held') AND id NOT IN (\(placeholders))",
                    arguments: StatementArguments(ids))
                let rank = others.map { position.isFirst ? $0 - 1 : $0 + 1 } ?? 0
                try db.execute(
                    sql: "UPDATE delivery SET rank = ?, not_before = NULL, planned_at = NULL, updated_at = ? WHERE id IN (\(placeholders))",
                    arguments: StatementArguments([rank, now.storedMicroseconds] + ids))
            }
            return try Self.fetchPost(db, id: id)!
        }
    }

    /// Posts with a draft delivery, oldest first.
    public func drafts() throws -> [StoredPost] {
        try read { db in
            let ids = try PostID.fetchAll(db, sql: "SELECT DISTINCT post_id FROM delivery WHERE state = 'draft' ORDER BY post_id")
            return try ids.compactMap { try Self.fetchPost(db, id: $0) }
        }
    }
}

extension Store.QueuePosition {
    fileprivate var isFirst: Bool {
        if case .first = self { return true }
        return false
    }
}
