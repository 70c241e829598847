import Foundation
import Testing
import PacerCore
@testable import PacerStore

/// What the reliability soak (`Tests/Reliability/soak.py`) found in the store, pinned in process.
struct ReliabilityStoreTests {
    let directory: String
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-rel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var path: String { directory + "/pacer.sqlite" }

    @Test func theDatabaseIsCreatedPrivate() throws {
        let saved = umask(0o022)
        defer { umask(saved) }
        _ = try Store(path: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o077 == 0, "mode \(String(info.st_mode & 0o777, radix: 8))")
    }

    @Test func aDamagedFileIsRefusedAndLeftAsItWas() throws {
        let store = try Store(path: path)
        for index in 0..<40 {
            _ = try store.add(NewPost(text: "post \(index) " + String(repeating: "word ", count: 40), channels: ["outbox"]), now: now)
        }
        try store.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let page = 4096
        for offset in (bytes.count - 2 * page + 8)..<(bytes.count - page - 8) { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 7919) }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { _ = try Store(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "left as it was")
    }
}
