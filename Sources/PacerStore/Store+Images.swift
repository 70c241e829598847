import Foundation
import GRDB
import PacerCore

/// A post's images: their rows, and which stored files posts still need.
extension Store {
    /// The library of image files beside the database.
    public var media: MediaLibrary {
        MediaLibrary(directory: (path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ".") + "/media")
    }

    static func insertImages(_ db: Database, postID: PostID, _ images: [PostImage]) throws {
        for (position, image) in images.enumerated() {
            try db.cachedStatement(
                sql: "INSERT INTO post_image (post_id, part, position, sha256, format, byte_count, width, height, alt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                postID, image.part, position, image.sha256, image.facts.format.rawValue, image.byteCount, image.facts.width, image.facts.height,
                image.alt,
            ])
        }
    }

    static func fetchImages(_ db: Database, postID: PostID) throws -> [PostImage] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM post_image WHERE post_id = ? ORDER BY position"), arguments: [postID])
            .map { row in
                PostImage(
                    sha256: row["sha256"],
                    facts: ImageFacts(format: ImageFormat(rawValue: row["format"]) ?? .jpeg, width: row["width"], height: row["height"]),
                    byteCount: row["byte_count"], alt: row["alt"], part: row["part"])
            }
    }

    /// The images of posts that may still go out (a delivery neither published nor cancelled):
    /// every other stored file can go.
    public func neededImages() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT sha256 FROM post_image WHERE post_id IN
                  (SELECT post_id FROM delivery WHERE state NOT IN ('published', 'cancelled'))
                """))
        }
    }

    /// The posts, other than `excluding`, that carry an image with one of these contents and are
    /// waiting or were published since `since`: the near-duplicate rule's image half.
    public func postsWithImages(_ hashes: Set<String>, publishedSince since: Date, excluding: PostID?) throws -> [(sha256: String, postID: PostID)] {
        guard !hashes.isEmpty else { return [] }
        return try read { db in
            let waiting = DeliveryStateNames.sqlList([.queued, .held, .claimed, .unknown])
            let marks = Array(repeating: "?", count: hashes.count).joined(separator: ", ")
            var arguments = StatementArguments(Array(hashes))
            _ = arguments.append(contentsOf: [since.storedMicroseconds, excluding ?? 0])
            return try Row.fetchAll(db, sql: """
                SELECT DISTINCT post_image.sha256, post_image.post_id FROM post_image
                JOIN delivery ON delivery.post_id = post_image.post_id
                WHERE post_image.sha256 IN (\(marks))
                  AND (delivery.state IN (\(waiting)) OR (delivery.state = 'published' AND delivery.published_at >= ?))
                  AND post_image.post_id != ?
                ORDER BY post_image.post_id
                """, arguments: arguments).map { ($0["sha256"], $0["post_id"]) }
        }
    }
}
