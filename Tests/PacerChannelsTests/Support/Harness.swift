import AsyncHTTPClient
import Foundation
import Logging
import PacerCore
import Synchronization
import Testing
@testable import PacerChannels

/// Log lines a test's publishers wrote, message and metadata, for searching.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var logger: Logger {
        var logger = Logger(label: "pacer.channels.test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    private struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

/// A temporary XDG tree with credentials, a state directory, a log capture, a test server and a
/// client configured as the daemon configures it.
struct Harness {
    let root: String
    let server: TestServer
    let client: HTTPClient
    let logs = LogCapture()

    var configHome: String { root + "/config" }
    var stateDirectory: String { root + "/state/channels/test" }
    var credentials: CredentialStore { CredentialStore(environment: ["XDG_CONFIG_HOME": configHome, "HOME": root]) }

    /// Writes credential `name` with `mode`.
    func addCredential(_ name: String, _ value: String, mode: Int = 0o600) throws {
        let directory = configHome + "/pacer/credentials"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try (value + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// Runs `body` with a fresh harness, and tears it down. It runs on a ``DedicatedTaskExecutor``:
    /// a channel call has one deadline, and the synchronous integration tests that share this
    /// `swift test` process can hold every thread of the shared pool for a minute and more.
    static func with(_ body: (Harness) async throws -> Void) async throws {
        try await withTaskExecutorPreference(DedicatedTaskExecutor()) {
            try await run(body)
        }
    }

    private static func run(_ body: (Harness) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-channels-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let server = try await TestServer.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: ChannelHTTPClient.configuration)
        let harness = Harness(root: root, server: server, client: client)
        do {
            try await body(harness)
        } catch {
            try? await client.shutdown()
            try? await server.stop()
            throw error
        }
        try await client.shutdown()
        try await server.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Fails the test if `secret` appears in any outcome text, log line, or file other than the
    /// credential itself and the session file.
    func expectAbsent(_ secret: String, from outcomes: [PublishOutcome], sourceLocation: SourceLocation = #_sourceLocation) {
        for outcome in outcomes {
            #expect(!"\(outcome)".contains(secret), "secret in outcome \(outcome)", sourceLocation: sourceLocation)
        }
        for line in logs.all {
            #expect(!line.contains(secret), "secret in log line \(line)", sourceLocation: sourceLocation)
        }
    }
}

/// A publication for the tests.
func publication(_ text: String = "Hello, 世界 👋 https://example.com/a_b", delivery: DeliveryID = 42, title: String? = "Greeting",
                 tags: [String] = ["swift", "pacer"]) -> Publication {
    Publication(deliveryID: delivery, postID: 7, channel: "test", text: text, title: title, tags: tags,
                plannedAt: ISOInstant.parse("2026-12-01T09:00:00Z")!, installation: testInstallation)
}

/// The installation id of the tests' publications: their keys are `pacer-0123456789abcdef-delivery-<id>`.
let testInstallation = "0123456789abcdef"

let testNow = ISOInstant.parse("2026-12-01T09:00:05Z")!

extension PublishOutcome {
    var isRetry: Bool { if case .retry = self { true } else { false } }
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
    var isFailed: Bool { if case .failed = self { true } else { false } }
    var consumesAttempt: Bool? { if case let .retry(_, _, _, consumes) = self { consumes } else { nil } }
    var retryAfter: Date? { if case let .retry(_, after, _, _) = self { after } else { nil } }
    var reason: String {
        switch self {
        case .published: ""
        case .failed(let reason, _), .retry(let reason, _, _, _), .unknown(let reason): reason
        }
    }
}
