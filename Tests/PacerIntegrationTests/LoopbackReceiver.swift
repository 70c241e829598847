import Foundation

/// `Tests/Support/holding-receiver.py`, the loopback webhook, platform or PDS of the integration
/// tests, and the credential files their channels read.
extension DaemonHarness {
    /// Starts `Tests/Support/holding-receiver.py` (in `mode`, e.g. `bluesky-stored`, when given);
    /// returns the process, its port and its request log.
    func startReceiver(mode: String? = nil) throws -> (Process, Int, URL) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/holding-receiver.py").standardized
        let log = root.appendingPathComponent("received.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, log.path] + (mode.map { [$0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw HarnessError("the loopback receiver did not start") }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("the loopback receiver printed no port")
        }
        return (process, port, log)
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
