import Foundation
import Logging
import PacerChannels
import PacerStore
@testable import PacerDaemon

/// A real engine in the test's process: a fresh store in a temporary directory, a configuration
/// parsed from TOML (time zone UTC), a clock stopped at `now` (or `clock`, when given) and
/// pacerd's timer (or `timer`).
/// `remove()` deletes the directory.
final class InProcessEngine {
    let engine: Engine
    let store: Store
    /// The temporary directory: the store is in it, and an outbox can be (`directory + "/outbox"`).
    let directory: String

    /// - Parameter publishers: each channel's publisher, given the temporary directory.
    /// - Parameter timer: the engine's timer; pacerd's wall-clock one when nil.
    /// - Parameter directory: an existing directory whose store the engine starts from (as after
    ///   a crash); a new one when nil.
    init(
        config: String, now: Date, clock: (@Sendable () -> Date)? = nil, timer: (any EngineTimer)? = nil, directory existing: String? = nil,
        publishers: (_ directory: String) -> [String: any Publisher]
    ) throws {
        directory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("pacer-engine-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(path: directory + "/pacer.sqlite")
        let parsed = try ConfigLoader(systemTimeZone: TimeZone(identifier: "UTC")!, defaultOutbox: directory + "/outbox")
            .parse(config, file: "config.toml")
        engine = Engine(
            store: store, config: parsed, publishers: publishers(directory),
            events: EventLog(logger: Logger(label: "test")), clock: clock ?? { now }, notify: { _ in }, timer: timer ?? WallClockTimer())
        try engine.start()
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
