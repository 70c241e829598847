import Foundation
import Glibc
import Logging
import PacerSystemd
import Testing

/// Reads what `StderrLogHandler` writes, through a real pipe.
struct StderrLogHandlerTests {
    /// Logs through a handler writing into a pipe and returns everything written.
    /// The output must fit in the pipe's buffer (64 KiB), as it is read after logging.
    private func capture(
        configure: (inout StderrLogHandler) -> Void = { _ in },
        _ body: @Sendable (Logger) -> Void
    ) throws -> String {
        let pipe = try makePipe()
        defer { close(pipe.read) }
        var handler = StderrLogHandler(identifier: "pacerd", fileDescriptor: pipe.write, metadataProvider: nil)
        configure(&handler)
        let logger = Logger(label: "test") { [handler] _ in handler }
        body(logger)
        close(pipe.write)
        return String(decoding: try FileHandle(fileDescriptor: pipe.read).readToEnd() ?? Data(), as: UTF8.self)
    }

    @Test func writesTimestampLevelIdentifierMessageAndFieldsOnOneLine() throws {
        let output = try capture { logger in
            logger.info("published post 3", metadata: ["post_id": "3", "channel": "outbox"])
        }
        let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info pacerd: published post 3 \[CHANNEL=outbox POST_ID=3\]\n$/
        #expect(output.wholeMatch(of: pattern) != nil, "\(output)")
    }

    @Test func timestampIsTheCurrentUTCTime() throws {
        let before = Date()
        let output = try capture { $0.notice("now") }
        let after = Date()
        let stamp = try #require(output.split(separator: " ").first.map(String.init))
        let parsed = try #require(try? Date(stamp, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
        #expect(parsed >= before.addingTimeInterval(-0.002) && parsed <= after.addingTimeInterval(0.002), "\(stamp)")
    }

    @Test func withoutMetadataThereAreNoBrackets() throws {
        let output = try capture { $0.warning("disk almost full") }
        #expect(output.hasSuffix(" warning pacerd: disk almost full\n"))
    }

    @Test func escapesNewlinesSoEachEntryIsOneLine() throws {
        let output = try capture { logger in
            logger.error("config.toml:3: bad value\nexpected a duration", metadata: ["detail": "a\tb\nc"])
        }
        #expect(output.hasSuffix(#" error pacerd: config.toml:3: bad value\nexpected a duration [DETAIL=a\tb\nc]"# + "\n"))
        #expect(output.filter { $0 == "\n" }.count == 1)
    }

    @Test func quotesValuesThatWouldBeAmbiguous() throws {
        let output = try capture { logger in
            logger.info("x", metadata: ["a": "two words", "b": "", "c": #"say "hi" \o/"#, "d": "k=v"])
        }
        #expect(output.hasSuffix(#" [A="two words" B="" C="say \"hi\" \\o/" D="k=v"]"# + "\n"))
    }

    @Test func flattensNestedMetadataAndEscapesReservedNames() throws {
        let output = try capture { logger in
            logger.info("x", metadata: [
                "http": ["status": "200", "method": "GET"],
                "tags": ["a", "b"],
                "none": [],
                "message": "shadow",
                "9lives": "cat",
                "😀": "dropped",
            ])
        }
        #expect(output.hasSuffix(" [X_9LIVES=cat HTTP_METHOD=GET HTTP_STATUS=200 X_MESSAGE=shadow TAGS=a TAGS=b]\n"), "\(output)")
    }

    @Test func perCallMetadataOverridesProviderWhichOverridesHandlerMetadata() throws {
        let output = try capture(configure: { handler in
            handler.metadata = ["a": "handler", "b": "handler", "c": "handler"]
            handler.metadataProvider = Logger.MetadataProvider { ["b": "provider", "c": "provider"] }
        }) { logger in
            logger.info("x", metadata: ["c": "call"])
        }
        #expect(output.hasSuffix(" [A=handler B=provider C=call]\n"), "\(output)")
    }

    @Test func anAttachedErrorBecomesErrorFields() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let output = try capture { $0.error("publish failed", error: Refused()) }
        #expect(output.contains("ERROR_MESSAGE=refused"))
        #expect(output.contains("ERROR_TYPE=\"PacerSystemdTests.StderrLogHandlerTests."))
        #expect(output.contains(".Refused\"]"))
    }

    @Test func honoursTheLogLevel() throws {
        let output = try capture(configure: { $0.logLevel = .warning }) { logger in
            logger.info("hidden")
            logger.warning("shown")
        }
        #expect(!output.contains("hidden"))
        #expect(output.contains("shown"))
    }

    @Test func linesFromManyThreadsDoNotInterleave() throws {
        let threads = 8
        let linesPerThread = 50
        let output = try capture { logger in
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for line in 0..<linesPerThread {
                    logger.info("thread \(thread) line \(line)", metadata: ["payload": "\(String(repeating: "x", count: 40))"])
                }
            }
        }
        let lines = output.split(separator: "\n")
        #expect(lines.count == threads * linesPerThread)
        let pattern = /^\S+Z info pacerd: thread \d+ line \d+ \[PAYLOAD=x{40}\]$/
        #expect(lines.allSatisfy { $0.wholeMatch(of: pattern) != nil })
    }
}
