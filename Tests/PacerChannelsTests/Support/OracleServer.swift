import Foundation
import Testing

/// A server of the other parties' own code (`Tests/Oracles/NAME.py` under the oracles' Python):
/// the script prints its port as its first line and serves until its standard input closes, so it
/// ends with the test, and with the test process should that die first.
final class OracleServer: Sendable {
    let process = Process()
    let port: Int
    private let input = Pipe()

    struct NoPort: Error, CustomStringConvertible {
        let script: String
        let output: String
        var description: String { "oracle server \(script) printed no port: \(output)" }
    }

    /// Starts `script` with `arguments` and waits (up to a minute, on a thread of its own rather
    /// than on Swift's shared pool, which every other suite's tasks need) for its port.
    static func start(_ script: String, arguments: [String] = []) async throws -> OracleServer {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try OracleServer(script, arguments: arguments) }) }.start()
        }
    }

    private init(_ script: String, arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: Oracle.python) else { throw Oracle.Unavailable(path: Oracle.python) }
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: Oracle.python)
        process.arguments = [Oracle.packageRoot + "/Tests/Oracles/" + script] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw NoPort(script: script, output: text)
        }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Ends the server: its input closes, and it is terminated should it not exit at once.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
