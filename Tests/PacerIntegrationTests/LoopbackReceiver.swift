import Foundation

/// `Tests/Support/holding-receiver.py`, the loopback webhook, platform or PDS of the integration
/// tests, and the credential files their channels read.
extension DaemonHarness {
    /// Starts `Tests/Support/holding-receiver.py` (in `mode`, e.g. `bluesky-stored`, when given);
    /// returns the process, its port and its request log. The receiver stops when the returned
    /// process is stopped or released, and at the latest when the test process ends.
    func startReceiver(mode: String? = nil) throws -> (TestProcess, Int, URL) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/holding-receiver.py").standardized
        let log = root.appendingPathComponent("received.jsonl")
        let process = try TestProcess("python3", [script.path, log.path] + (mode.map { [$0] } ?? []), standardOutput: .pipe,
                                      standardError: .file(root.appendingPathComponent("receiver.log").path))
        return (process, try process.printedPort(), log)
    }

    /// Starts the receiver (in `mode`) as a Mastodon instance and pacerd with one `mastodon`
    /// channel on it (the default one), its token written; returns the receiver and its request log.
    func startWithMastodon(mode: String? = nil, timeout: String = "20s") throws -> (TestProcess, URL) {
        let (receiver, port, log) = try startReceiver(mode: mode)
        try writeCredential("mastodon-token")
        try start(config: """
            [[channel]]
            name = "mastodon"
            kind = "mastodon"
            default = true
            base_url = "http://127.0.0.1:\(port)"
            credential = "mastodon-token"
            timeout = "\(timeout)"
            """)
        return (receiver, log)
    }

    /// The requests the receiver recorded in `log`, their string fields only.
    func received(_ log: URL) -> [[String: String]] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?.compactMapValues { $0 as? String }
        }
    }

    /// Writes a private credential file, as a person would for a platform token.
    func writeCredential(_ name: String) throws {
        let directory = root.appendingPathComponent("config/pacer/credentials")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try "test-token-\(name)".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
    }
}

extension TestProcess {
    /// The port a loopback server prints as its first line of stdout (a `.pipe`) once it listens.
    func printedPort() throws -> Int {
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output!.availableData
            guard !chunk.isEmpty else { throw HarnessError("the loopback server ended before it printed its port") }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("the loopback server printed no port")
        }
        return port
    }
}
