import Foundation

/// A database path in a directory of its own, made for one test and removed with everything in
/// it (the WAL and shared-memory files too) when the test's suite instance goes.
final class TemporaryDatabase: Sendable {
    /// The directory, under the system's temporary directory.
    let directory: String
    /// `pacer.sqlite` in ``directory``; not created.
    var path: String { directory + "/pacer.sqlite" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
