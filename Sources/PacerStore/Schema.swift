import GRDB
import PacerCore

/// The store's schema, as an ordered list of migrations. A migration, once released, never changes:
/// new versions append new migrations.
enum Schema {
    /// `PRAGMA application_id` of a Pacer database ("PACR"), so a foreign SQLite file is recognised.
    static let applicationID: Int32 = 0x5041_4352

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 posts, deliveries, attempts") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "post") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("text", .text).notNull()
                table.column("title", .text)
                table.column("tags", .text).notNull().defaults(to: "[]")
                // Queued with --allow-duplicate: the near-duplicate check at publish time is skipped.
                table.column("allow_duplicate", .boolean).notNull().defaults(to: false)
                table.column("created_at", .integer).notNull()
            }
            let states = DeliveryStateNames.sqlList(DeliveryState.allCases)
            try db.create(table: "delivery") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("post_id", .integer).notNull().indexed().references("post", onDelete: .cascade)
                table.column("channel", .text).notNull()
                table.column("state", .text).notNull().check(sql: "state IN (\(states))")
                table.column("not_before", .integer)
                table.column("planned_at", .integer)
                table.column("claimed_at", .integer)
                table.column("published_at", .integer)
                table.column("url", .text)
                table.column("last_error", .text)
                table.column("held_reason", .text)
                // Set by `pacer retry`: attempts before it do not count against the retry budget.
                table.column("retried_at", .integer)
                table.column("created_at", .integer).notNull()
                table.column("updated_at", .integer).notNull()
            }
            try db.create(index: "delivery_by_state", on: "delivery", columns: ["state"])
            // A paused channel, or "*" for the whole queue; a row per pause, kept across restarts.
            try db.create(table: "pause") { table in
                table.primaryKey("scope", .text)
                table.column("since", .integer).notNull()
            }
            try db.create(table: "attempt") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("delivery_id", .integer).notNull().indexed().references("delivery", onDelete: .cascade)
                table.column("number", .integer).notNull()
                table.column("started_at", .integer).notNull()
                table.column("finished_at", .integer)
                table.column("outcome", .text).check(sql: "outcome IN ('published', 'failed', 'retry', 'rate_limited', 'unknown')")
                table.column("http_status", .integer)
                table.column("external_id", .text)
                table.column("url", .text)
                table.column("error", .text)
            }
        }
        migrator.registerMigration("v2 per-channel texts, queue rank") { db in
            try db.alter(table: "delivery") { table in
                // The text for this channel when the post file says it differently ([text] table); NULL: the post's.
                table.add(column: "text", .text)
                // Order among deliveries that could go out at the same instant (`pacer move`); NULL: the id.
                table.add(column: "rank", .integer)
            }
        }
        migrator.registerMigration("v3 installation id") { db in
            // One random id per store, made once: it sets this store's idempotency keys apart from
            // those of a recreated store or of another installation posting to the same account.
            try db.create(table: "installation") { table in
                table.column("id", .text).notNull()
            }
            try db.execute(sql: "INSERT INTO installation (id) VALUES (?)", arguments: [InstallationID.random()])
        }
        migrator.registerMigration("v4 images and threads") { db in
            // A thread's parts after the first (the first is post.text), numbered from 2.
            try db.create(table: "post_part") { table in
                table.column("post_id", .integer).notNull().references("post", onDelete: .cascade)
                table.column("part", .integer).notNull()
                table.column("text", .text).notNull()
                table.primaryKey(["post_id", "part"])
            }
            try db.alter(table: "delivery") { table in
                // A channel's own text for each part of a thread (a JSON array); NULL: see `text`.
                table.add(column: "part_texts", .text)
            }
            // How far a delivery posted part by part got: a row is written, and committed, before
            // its part's call (started_at) and again when the channel confirms it (published_at):
            // a part started and not published is the one in doubt after a crash.
            try db.create(table: "delivery_part") { table in
                table.column("delivery_id", .integer).notNull().references("delivery", onDelete: .cascade)
                table.column("part", .integer).notNull()
                table.column("started_at", .integer).notNull()
                table.column("published_at", .integer)
                table.column("external_id", .text)
                // Bluesky's record CID: a later part's reply needs it.
                table.column("content_id", .text)
                table.column("url", .text)
                table.primaryKey(["delivery_id", "part"])
            }
            // A post's images in order, per part; the bytes are the MediaLibrary's file named by sha256.
            try db.create(table: "post_image") { table in
                table.column("post_id", .integer).notNull().references("post", onDelete: .cascade)
                table.column("part", .integer).notNull()
                table.column("position", .integer).notNull()
                table.column("sha256", .text).notNull().indexed()
                table.column("format", .text).notNull()
                table.column("byte_count", .integer).notNull()
                table.column("width", .integer).notNull()
                table.column("height", .integer).notNull()
                table.column("alt", .text)
                table.primaryKey(["post_id", "part", "position"])
            }
        }
        return migrator
    }
}

