import Foundation
import Testing
import PacerDaemon

/// `systemd/pacer.catalog` and `DaemonEvent` must agree: every `MESSAGE_ID` pacerd writes has a
/// catalog entry, every entry belongs to an event, and every entry is complete.
struct CatalogTests {
    /// One `-- MESSAGE_ID` entry of a journal catalog file.
    struct Entry {
        var id: String
        var headers: [String: String]
        var body: String
    }

    /// The entries of `systemd/pacer.catalog`, parsed as `journalctl --update-catalog` reads them:
    /// `#` lines are comments, `-- ID` starts an entry, `Key: value` lines up to the first empty
    /// line are its headers, the rest is its body.
    static let entries: [Entry] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("systemd/pacer.catalog")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var entries: [Entry] = []
        var inHeaders = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.hasPrefix("#") {
            if line.hasPrefix("-- ") {
                entries.append(Entry(id: String(line.dropFirst(3)), headers: [:], body: ""))
                inHeaders = true
            } else if entries.isEmpty {
                continue
            } else if inHeaders, let colon = line.firstIndex(of: ":") {
                entries[entries.count - 1].headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else {
                inHeaders = false
                entries[entries.count - 1].body += line + "\n"
            }
        }
        return entries
    }()

    /// The `@FIELD@` references in `text`.
    static func fieldReferences(in text: String) -> [String] {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) }
    }

    @Test func theCatalogFileIsFoundAndHasEntries() {
        #expect(!Self.entries.isEmpty)
    }

    @Test func everyMessageIDTheCodeWritesHasAnEntry() {
        let catalogued = Set(Self.entries.map(\.id))
        for event in DaemonEvent.allCases {
            #expect(catalogued.contains(event.messageID), "no catalog entry for \(event.rawValue) (\(event.messageID))")
        }
    }

    @Test func everyEntryBelongsToAnEventOfTheCode() {
        let written = Set(DaemonEvent.allCases.map(\.messageID))
        for entry in Self.entries {
            #expect(written.contains(entry.id), "catalog entry \(entry.id) matches no DaemonEvent")
        }
    }

    @Test func everyMessageIDHasExactlyOneEntry() {
        let ids = Self.entries.map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    @Test func everyEntryHasSubjectDefinedByAndSupport() {
        for entry in Self.entries {
            for header in ["Subject", "Defined-By", "Support"] {
                #expect(!(entry.headers[header] ?? "").isEmpty, "entry \(entry.id) lacks \(header):")
            }
            #expect(entry.headers["Defined-By"] == "pacer")
        }
    }

    @Test func everyBodyExplainsWithTheEntrysFields() {
        for entry in Self.entries {
            let fields = Self.fieldReferences(in: entry.body)
            #expect(!fields.isEmpty, "entry \(entry.id) uses no @FIELD@")
            for field in fields {
                let valid = !field.isEmpty && field.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
                #expect(valid, "entry \(entry.id) refers to \"@\(field)@\", not a journal field name")
            }
        }
    }

    @Test func fieldReferencesArePairsOfAtSigns() {
        #expect(Self.fieldReferences(in: "post @POST_ID@ on @CHANNEL@.") == ["POST_ID", "CHANNEL"])
        #expect(Self.fieldReferences(in: "no fields") == [])
    }
}
