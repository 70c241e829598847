import Foundation
import Testing

/// Runs a script of `Tests/Oracles` under the Python that has the other parties' own packages
/// (`make oracles`): the code Pacer's counting, records and signatures are checked against.
///
/// The script reads one JSON document on standard input and writes one on standard output.
/// Without the oracles' Python the test fails and says how to install it: a check against an
/// independent implementation must not quietly pass because that implementation is missing.
enum Oracle {
    struct Unavailable: Error, CustomStringConvertible {
        let path: String
        var description: String { "the test oracles are not installed (\(path) missing); run `make oracles` first" }
    }

    struct Failed: Error, CustomStringConvertible {
        let script: String
        let status: Int32
        let stderr: String
        var description: String { "oracle \(script) exited \(status): \(stderr)" }
    }

    /// The package's root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `$PACER_ORACLE_PYTHON` (set by the Makefile), else `.build/oracles/bin/python3`.
    static var python: String {
        if let path = ProcessInfo.processInfo.environment["PACER_ORACLE_PYTHON"], !path.isEmpty { return path }
        return packageRoot + "/.build/oracles/bin/python3"
    }

    /// Runs `Tests/Oracles/<script>` with `input` as JSON and decodes its JSON answer.
    /// Waits for the script on a thread of its own, not on Swift's shared pool: its two threads (two
    /// cores) are what every other suite's tasks run on, and a Python start-up holds one for seconds.
    static func run<Input: Encodable & Sendable, Output: Decodable & Sendable>(
        _ script: String, _ input: Input, as: Output.Type = Output.self
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runWaiting(script, input, as: Output.self) }) }.start()
        }
    }

    private static func runWaiting<Input: Encodable, Output: Decodable>(_ script: String, _ input: Input, as: Output.Type) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw Unavailable(path: python) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot + "/Tests/Oracles/" + script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let request = try JSONEncoder().encode(input)
        // Written from another thread: a large answer could otherwise fill the pipe while we write.
        let writer = Thread {
            stdin.fileHandleForWriting.write(request)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let answer = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(script: script, status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
        }
        return try JSONDecoder().decode(Output.self, from: answer)
    }
}
