import Foundation
import PacerProtocol
import Testing

/// Every bad input: a clear message, a documented exit status, no state change, the daemon keeps running.
@Suite(.timeLimit(.minutes(2)))
struct BadInputTests {
    @Test func badAddsAreRefusedAndChangeNothing() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let cases: [([String], Int32, String)] = [
            (["add", ""], 65, "text is empty"),
            (["add", "   \n "], 65, "text is empty"),
            (["add", "hello", "--channel", "nowhere"], 65, "unknown channel \"nowhere\""),
            (["add", "hello", "--at", "next blue moon"], 65, "--at \"next blue moon\""),
            (["show", "999"], 66, "no post with id 999"),
            (["rm", "999"], 66, "no post with id 999"),
            (["add"], 64, "Give the post's text"),
        ]
        for (arguments, status, message) in cases {
            let result = try harness.run(DaemonHarness.binDirectory.appendingPathComponent("pacer").path, arguments)
            #expect(result.status == status, "pacer \(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "pacer \(arguments): \(result.stderr)")
        }
        #expect(try harness.pacerJSON([PostView].self, "list").isEmpty, "nothing was queued")
        #expect(harness.isDaemonRunning)
    }

    @Test func anInstantInThePastIsPlannedNowAndSaysSo() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "late", "--at", "2020-01-01T09:00Z")
        #expect(post.notes.first?.contains("is in the past") == true)
        let human = try harness.pacer("add", "later", "--at=-1h")
        #expect(human.stdout.contains("note: --at"), "\(human.stderr)")
    }

    @Test func removingAPublishedPostIsRefused() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let post = try harness.pacerJSON(PostView.self, "add", "now")
        try harness.wait(seconds: 10, for: "published") {
            try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published
        }
        let result = try harness.pacer("rm", String(post.id))
        #expect(result.status == 67)
        #expect(result.stderr.contains("cannot be cancelled"))
        #expect(try harness.pacerJSON(PostView.self, "show", String(post.id)).deliveries.first?.state == .published)
    }

    @Test func malformedSocketRequestsGetErrorsAndTheDaemonKeepsRunning() throws {
        let harness = try DaemonHarness()
        try harness.start()
        _ = try harness.pacerJSON(PostView.self, "add", "keep me", "--at", "+1d")
        let client = ControlClient(socketPath: harness.socketPath, timeoutSeconds: 5)
        let bad: [[UInt8]] = [
            Array("garbage\n".utf8),
            Array("{\"v\":9,\"op\":\"list\"}\n".utf8),
            Array("{\"v\":1,\"op\":\"cancel\",\"params\":{\"id\":\"x\"}}\n".utf8),
            [0xFF, 0xFE, 0x00, 0x0A],
            Array(String(repeating: "[", count: 50_000).utf8) + [0x0A],
        ]
        for bytes in bad {
            let reply = String(decoding: try client.exchange(bytes), as: UTF8.self)
            #expect(reply.contains(#""ok":false"#), "reply: \(reply)")
        }
        let oversized = [UInt8](repeating: UInt8(ascii: "a"), count: ControlCoding.maxRequestBytes + 10) + [0x0A]
        #expect(String(decoding: try client.exchange(oversized), as: UTF8.self).contains("too_large"))
        #expect(try harness.pacerJSON([PostView].self, "list").count == 1, "state unchanged")
        #expect(harness.isDaemonRunning)
        #expect(harness.log.contains("refused a request"))
    }

    @Test func anUnreachableDaemonHasItsOwnExitStatusAndSaysHowToStartIt() throws {
        let harness = try DaemonHarness()
        let result = try harness.pacer("status")
        #expect(result.status == 69)
        #expect(result.stderr.contains("systemctl --user start pacer"))
    }

    @Test func anInvalidConfigRefusesToStartWithFileAndLine() throws {
        let harness = try DaemonHarness()
        let config = """
            [[channel]]
            name = "outbox"
            kind = "outbox"
            min_gap = "2 fortnights"
            """
        try FileManager.default.createDirectory(atPath: (harness.configPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        let result = try harness.runDaemonToExit()
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(harness.configPath):4"), "\(result.stderr)")
        #expect(result.stderr.contains("min_gap"))
        #expect(try String(contentsOfFile: harness.configPath, encoding: .utf8) == config, "the file is left as it was")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run a client as another uid"))
    func anotherUserIsRefusedAndLogged() throws {
        let harness = try DaemonHarness()
        try harness.start()
        // Open the directory and socket so that only SO_PEERCRED stands between the other uid and pacerd.
        chmod(harness.root.path, 0o755)
        chmod(harness.root.appendingPathComponent("runtime").path, 0o755)
        chmod(harness.root.appendingPathComponent("runtime/pacer").path, 0o755)
        chmod(harness.socketPath, 0o666)
        let pacer = DaemonHarness.binDirectory.appendingPathComponent("pacer").path
        let result = try harness.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", pacer, "status"])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("serves only uid 0"))
        #expect(harness.log.contains("refused a connection from uid 65534"))
        #expect(harness.isDaemonRunning)
    }
}
