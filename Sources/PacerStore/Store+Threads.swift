import Foundation
import GRDB
import PacerCore

/// A thread's parts, and how far each delivery posted part by part got.
extension Store {
    static func insertLaterParts(_ db: Database, postID: PostID, _ parts: [String]) throws {
        for (offset, text) in parts.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO post_part (post_id, part, text) VALUES (?, ?, ?)").execute(arguments: [postID, offset + 2, text])
        }
    }

    static func fetchLaterParts(_ db: Database, postID: PostID) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT text FROM post_part WHERE post_id = ? ORDER BY part"), arguments: [postID])
    }

    /// The `part_texts` column: a JSON array, or NULL.
    static func partTextsColumn(_ texts: [String]?) throws -> String? {
        try texts.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }

    /// Each part of the delivery started so far, in order.
    public func parts(of delivery: DeliveryID) throws -> [DeliveryPart] {
        try read { db in try Self.fetchParts(db, delivery) }
    }

    /// The parts started so far of every delivery of a post, by delivery (`pacer show`).
    public func parts(ofPost post: PostID) throws -> [DeliveryID: [DeliveryPart]] {
        try read { db in
            let ids = try DeliveryID.fetchAll(db, sql: "SELECT id FROM delivery WHERE post_id = ?", arguments: [post])
            var parts: [DeliveryID: [DeliveryPart]] = [:]
            for id in ids {
                let started = try Self.fetchParts(db, id)
                if !started.isEmpty { parts[id] = started }
            }
            return parts
        }
    }

    /// Records, durably, that part `part` of a claimed delivery is about to be sent: committed
    /// before its call, so that a crash during the call leaves this part, and only it, in doubt.
    public func startPart(_ part: Int, of delivery: DeliveryID, now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO delivery_part (delivery_id, part, started_at) VALUES (?, ?, ?)",
                arguments: [delivery, part, now.storedMicroseconds])
        }
    }

    /// Records, durably, that the channel confirmed part `part`: it is never sent again, and the
    /// next part replies to it.
    public func finishPart(_ part: Int, of delivery: DeliveryID, externalID: String?, contentID: String?, url: String?, now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE delivery_part SET published_at = ?, external_id = ?, content_id = ?, url = ? WHERE delivery_id = ? AND part = ?",
                arguments: [now.storedMicroseconds, externalID, contentID, url, delivery, part])
        }
    }

    static func fetchParts(_ db: Database, _ delivery: DeliveryID) throws -> [DeliveryPart] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM delivery_part WHERE delivery_id = ? ORDER BY part"), arguments: [delivery])
            .map { row in
                DeliveryPart(
                    part: row["part"], startedAt: Date(storedMicroseconds: row["started_at"]),
                    publishedAt: (row["published_at"] as Int64?).map(Date.init(storedMicroseconds:)), externalID: row["external_id"],
                    contentID: row["content_id"], url: row["url"])
            }
    }

    /// Drops the record of a part whose call ended without it going out (a refusal, a retry, or a
    /// person's word that it did not): the delivery resumes with that part.
    static func forgetPartsInFlight(_ db: Database, _ delivery: DeliveryID) throws {
        try db.execute(sql: "DELETE FROM delivery_part WHERE delivery_id = ? AND published_at IS NULL", arguments: [delivery])
    }
}
