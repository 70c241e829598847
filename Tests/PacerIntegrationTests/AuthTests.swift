import Foundation
import Glibc
import Testing

/// `pacer auth` end to end: the built pacer (which hands over to pacerd auth) signs in against
/// `Tests/Support/oauth-server.py`, a loopback authorization server and platform that also plays
/// the browser, and stores the credential where pacerd reads it.
@Suite(.serialized)
struct AuthTests {
    static let serverScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Support/oauth-server.py").standardized.path
    static let appPassword = "abcd-efgh-ijkl-mnop"

    /// A temporary XDG tree with a configuration, and the fake platform in `mode`.
    final class Setup {
        let harness: DaemonHarness
        let server: TestProcess
        let port: Int
        let log: URL

        init(mode: String = "ok", channel: (Int) -> String) throws {
            harness = try DaemonHarness()
            log = harness.root.appendingPathComponent("oauth.jsonl")
            server = try TestProcess("python3", [AuthTests.serverScript, log.path, mode], standardOutput: .pipe,
                                     standardError: .file(harness.root.appendingPathComponent("oauth-server.log").path))
            port = try server.printedPort()
            try FileManager.default.createDirectory(atPath: (harness.configPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try channel(port).write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        }

        deinit { server.stop() }

        var credentials: URL { harness.root.appendingPathComponent("config/pacer/credentials") }

        func credential(_ name: String) -> String? { try? String(contentsOf: credentials.appendingPathComponent(name), encoding: .utf8) }

        func mode(of name: String) -> mode_t {
            var info = stat()
            return stat(credentials.appendingPathComponent(name).path, &info) == 0 ? info.st_mode & 0o7777 : 0
        }

        /// The requests the platform received, as JSON objects.
        var requests: [[String: Any]] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }

        func requests(to path: String) -> [[String: Any]] { requests.filter { $0["path"] as? String == path } }

        /// Runs `pacer auth` with `arguments`; when it prints a sign-in URL, the fake browser
        /// visits it (unless `browsing` is false). Returns pacer's result and what the browser saw.
        func auth(_ arguments: [String], browsing: Bool = true, stdin: String? = nil,
                  environment extra: [String: String] = [:]) throws -> (result: CommandResult, browser: String?) {
            let out = harness.root.appendingPathComponent("auth-\(UUID().uuidString.prefix(8))")
            let outPath = out.path + ".out", errPath = out.path + ".err"
            var environment = harness.environment.merging(extra) { _, extra in extra }
            if extra["DISPLAY"] == nil { environment["DISPLAY"] = nil }
            environment["WAYLAND_DISPLAY"] = nil
            // Signing in needs no session: only the configuration and the credentials directory.
            environment["XDG_RUNTIME_DIR"] = nil
            let process = try TestProcess(DaemonHarness.binDirectory.appendingPathComponent("pacer").path, ["auth"] + arguments,
                                          environment: environment, standardOutput: .file(outPath), standardError: .file(errPath))
            if let stdin { try process.write(Data(stdin.utf8)) }
            process.closeInput()
            let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
            var browser: String?
            if browsing {
                var url: String?
                try harness.wait(seconds: 30, for: "pacer auth to print its URL or end") {
                    url = Self.signInURL(in: read(errPath))
                    return url != nil || !process.isRunning
                }
                if let url {
                    browser = try harness.run("python3", [AuthTests.serverScript, "browse", url]).stdout
                }
            }
            let status = process.waitUntilExit()
            return (CommandResult(status: status, stdout: read(outPath), stderr: read(errPath)), browser)
        }

        /// The URL pacer auth prints on a line of its own, indented.
        static func signInURL(in text: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix("  http") }.map { $0.trimmingCharacters(in: .whitespaces) }
        }

        /// Writes a credential file as a person would, mode 0600.
        func store(_ name: String, _ content: String) throws {
            try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
            let file = credentials.appendingPathComponent(name)
            try content.write(to: file, atomically: true, encoding: .utf8)
            chmod(file.path, 0o600)
        }
    }

    static func mastodon(_ port: Int) -> String {
        """
        [[channel]]
        name = "toot"
        kind = "mastodon"
        base_url = "http://127.0.0.1:\(port)"
        credential = "mastodon-token"
        timeout = "20s"
        """
    }

    static func x(_ port: Int, extra: String = "") -> String {
        """
        [[channel]]
        name = "x"
        kind = "x"
        base_url = "http://127.0.0.1:\(port)"
        credential = "x-token"
        client_id = "pacer-test-client"
        authorize_url = "http://127.0.0.1:\(port)/authorize"
        \(extra)
        """
    }

    static func linkedIn(_ port: Int, secret: Bool = true) -> String {
        """
        [[channel]]
        name = "li"
        kind = "linkedin"
        base_url = "http://127.0.0.1:\(port)"
        credential = "linkedin-token"
        author = "urn:li:person:ada"
        version = "202505"
        client_id = "pacer-test-client"
        \(secret ? "client_secret_credential = \"linkedin-client-secret\"" : "")
        authorize_url = "http://127.0.0.1:\(port)/authorize"
        token_url = "http://127.0.0.1:\(port)/oauth/v2/accessToken"
        """
    }

    static func bluesky(_ port: Int) -> String {
        """
        [[channel]]
        name = "sky"
        kind = "bluesky"
        base_url = "http://127.0.0.1:\(port)"
        identifier = "ada.test"
        credential = "bluesky-app-password"
        """
    }

    @Test func mastodonRegistersTheAppAndStoresTheToken() throws {
        let setup = try Setup(channel: Self.mastodon)
        let (result, browser) = try setup.auth(["toot", "--no-browser"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Signed in as @ada"))
        #expect(browser?.hasPrefix("200 ") == true, "the browser got \(browser ?? "nothing")")
        let token = try #require(setup.credential("mastodon-token"))
        #expect(token.hasPrefix("access-") && token.hasSuffix("\n") && !token.contains("{"))
        #expect(setup.mode(of: "mastodon-token") == 0o600)
        var directory = stat()
        stat(setup.credentials.path, &directory)
        #expect(directory.st_mode & 0o777 == 0o700)
        let app = try #require(setup.requests(to: "/api/v1/apps").first?["form"] as? [String: String])
        #expect(app["scopes"] == "write:statuses write:media read:accounts read:statuses")
        #expect(app["client_name"] == "Pacer")
        #expect(app["redirect_uris"]?.hasPrefix("http://127.0.0.1:") == true && app["redirect_uris"]?.hasSuffix("/callback") == true)
        // The token was checked before it was stored.
        #expect(setup.requests(to: "/api/v1/accounts/verify_credentials").count == 1)
    }

    @Test func xPublicClientStoresTheTokenAsJSON() throws {
        let setup = try Setup(channel: { Self.x($0) })
        let before = Date()
        let (result, _) = try setup.auth(["x", "--no-browser"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Signed in as @ada on X"))
        let text = try #require(setup.credential("x-token"))
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(stored["access_token"]?.hasPrefix("access-") == true)
        #expect(stored["refresh_token"]?.hasPrefix("refresh-") == true)
        #expect(stored["client_id"] == "pacer-test-client")
        #expect(stored["client_secret"] == nil)
        #expect(stored["scope"] == "tweet.read tweet.write users.read media.write offline.access")
        let formatter = ISO8601DateFormatter()
        let expires = try #require(stored["expires_at"].flatMap { formatter.date(from: $0) }, "expires_at: \(stored["expires_at"] ?? "none")")
        #expect(stored["expires_at"]?.hasSuffix("Z") == true)
        // expires_in was 7200 s: the stamp is two hours after the exchange, within generous bounds.
        #expect(expires.timeIntervalSince(before) > 7100 && expires.timeIntervalSince(before) < 7200 + 600)
        #expect(setup.mode(of: "x-token") == 0o600)
        let authorize = try #require(setup.requests(to: "/authorize").first?["query"] as? [String: [String]])
        #expect(authorize["scope"] == ["tweet.read tweet.write users.read media.write offline.access"])
        #expect(authorize["code_challenge_method"] == ["S256"])
        // The default token URL is under base_url; the server checked the PKCE verifier there.
        #expect(setup.requests(to: "/2/oauth2/token").count == 1)
        #expect(setup.requests(to: "/2/oauth2/token").first?["authorization"] as? String == "")
    }

    @Test func xConfidentialClientSendsItsSecretAndKeepsIt() throws {
        let setup = try Setup(channel: { Self.x($0, extra: "client_secret_credential = \"x-client-secret\"") })
        try setup.store("x-client-secret", "pacer-test-secret\n")
        let (result, _) = try setup.auth(["x", "--no-browser"])
        #expect(result.status == 0, "\(result.stderr)")
        let stored = try #require(try JSONSerialization.jsonObject(with: Data((setup.credential("x-token") ?? "").utf8)) as? [String: String])
        #expect(stored["client_secret"] == "pacer-test-secret")
        let basic = "Basic " + Data("pacer-test-client:pacer-test-secret".utf8).base64EncodedString()
        #expect(setup.requests(to: "/2/oauth2/token").first?["authorization"] as? String == basic)
    }

    @Test func linkedInSignsInWithItsClientSecret() throws {
        let setup = try Setup(channel: { Self.linkedIn($0) })
        try setup.store("linkedin-client-secret", "pacer-test-secret")
        let (result, _) = try setup.auth(["li", "--no-browser"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Ada Lovelace on LinkedIn"))
        let stored = try #require(try JSONSerialization.jsonObject(with: Data((setup.credential("linkedin-token") ?? "").utf8)) as? [String: String])
        #expect(stored["client_secret"] == "pacer-test-secret")
        #expect(stored["scope"] == "w_member_social openid profile")
        let form = try #require(setup.requests(to: "/oauth/v2/accessToken").first?["form"] as? [String: String])
        #expect(form["client_secret"] == "pacer-test-secret")
        #expect(setup.requests(to: "/v2/userinfo").count == 1)
    }

    @Test func linkedInWithoutAClientSecretSaysWhichKeyIsMissing() throws {
        let setup = try Setup(channel: { Self.linkedIn($0, secret: false) })
        let (result, _) = try setup.auth(["li", "--no-browser"], browsing: false)
        #expect(result.status == 65)
        #expect(result.stderr.contains("client_secret_credential"))
        #expect(setup.credential("linkedin-token") == nil)
        #expect(setup.requests.isEmpty)
    }

    @Test func blueskyChecksTheAppPasswordFromStdin() throws {
        let setup = try Setup(channel: Self.bluesky)
        let (result, _) = try setup.auth(["sky"], browsing: false, stdin: Self.appPassword + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Signed in as @ada.test"))
        #expect(setup.credential("bluesky-app-password") == Self.appPassword + "\n")
        #expect(setup.mode(of: "bluesky-app-password") == 0o600)
        let session = try #require(setup.requests(to: "/xrpc/com.atproto.server.createSession").first?["json"] as? [String: String])
        #expect(session["identifier"] == "ada.test")
        #expect(!result.stdout.contains(Self.appPassword) && !result.stderr.contains(Self.appPassword))
    }

    @Test func blueskyRefusedAppPasswordStoresNothing() throws {
        let setup = try Setup(channel: Self.bluesky)
        let (result, _) = try setup.auth(["sky"], browsing: false, stdin: "wrong-pass-word-0000\n")
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("Invalid identifier or password"))
        #expect(setup.credential("bluesky-app-password") == nil)
        #expect(!result.stderr.contains("wrong-pass-word-0000"))
    }

    @Test func anExistingCredentialIsKeptWithoutForce() throws {
        let setup = try Setup(channel: Self.mastodon)
        try setup.store("mastodon-token", "old-token\n")
        let (refused, _) = try setup.auth(["toot", "--no-browser"], browsing: false)
        #expect(refused.status == 67)
        #expect(refused.stderr.contains("--force"))
        #expect(setup.credential("mastodon-token") == "old-token\n")
        // Refused before anything was asked of the platform or the person.
        #expect(setup.requests.isEmpty)
        let (forced, _) = try setup.auth(["toot", "--no-browser", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(setup.credential("mastodon-token")?.hasPrefix("access-") == true)
        #expect(setup.mode(of: "mastodon-token") == 0o600)
    }

    @Test func aRedirectWithAnotherStateIsRefused() throws {
        let setup = try Setup(mode: "wrong-state", channel: { Self.x($0) })
        let (result, browser) = try setup.auth(["x", "--no-browser"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("state"))
        #expect(browser?.hasPrefix("400 ") == true, "the browser got \(browser ?? "nothing")")
        #expect(setup.credential("x-token") == nil)
        #expect(setup.requests(to: "/2/oauth2/token").isEmpty)
    }

    @Test func aDeniedAuthorizationStoresNothing() throws {
        let setup = try Setup(mode: "deny", channel: Self.mastodon)
        let (result, browser) = try setup.auth(["toot", "--no-browser"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("access_denied"))
        #expect(browser?.contains("not granted") == true)
        #expect(setup.credential("mastodon-token") == nil)
    }

    @Test func aTokenThatFailsTheCheckIsNotStored() throws {
        let setup = try Setup(mode: "whoami-fails", channel: { Self.x($0) })
        try setup.store("other", "another channel's token")
        let (result, _) = try setup.auth(["x", "--no-browser"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("/2/users/me"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.credentials.path) == ["other"])
    }

    @Test func noBrowserWithinTheTimeoutStoresNothing() throws {
        let setup = try Setup(channel: { Self.x($0) })
        let (result, _) = try setup.auth(["x", "--no-browser", "--timeout", "1s"], browsing: false)
        #expect(result.status == 75)
        #expect(result.stderr.contains("--timeout"))
        #expect(setup.credential("x-token") == nil)
    }

    @Test func ctrlCWhileWaitingLeavesNothing() throws {
        let setup = try Setup(channel: Self.mastodon)
        try setup.store("other", "another channel's token")
        let errPath = setup.harness.root.appendingPathComponent("interrupted.err").path
        var environment = setup.harness.environment
        environment["DISPLAY"] = nil
        let process = try TestProcess(DaemonHarness.binDirectory.appendingPathComponent("pacer").path, ["auth", "toot", "--no-browser"],
                                      environment: environment, standardError: .file(errPath))
        try setup.harness.wait(seconds: 30, for: "the sign-in URL") {
            Setup.signInURL(in: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "") != nil
        }
        process.send(SIGINT)
        #expect(process.waitUntilExit() == 128 + SIGINT)
        let left = try FileManager.default.contentsOfDirectory(atPath: setup.credentials.path)
        #expect(left == ["other"], "left in the credentials directory: \(left)")
    }

    @Test func xdgOpenShowsTheURLWhenThereIsADisplay() throws {
        let setup = try Setup(channel: Self.mastodon)
        // An xdg-open that is the browser: it visits the URL it is given.
        let bin = setup.harness.root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let opener = bin.appendingPathComponent("xdg-open")
        try "#!/bin/sh\necho \"$1\" > \(setup.harness.root.path)/opened\nexec python3 \(Self.serverScript) browse \"$1\"\n"
            .write(to: opener, atomically: true, encoding: .utf8)
        chmod(opener.path, 0o755)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let (result, _) = try setup.auth(["toot"], browsing: false, environment: ["DISPLAY": ":99", "PATH": path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(setup.credential("mastodon-token")?.hasPrefix("access-") == true)
        let opened = try String(contentsOfFile: setup.harness.root.path + "/opened", encoding: .utf8)
        #expect(Setup.signInURL(in: result.stderr) == opened.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func aFailingXdgOpenDoesNotStopTheSignIn() throws {
        let setup = try Setup(channel: Self.mastodon)
        let bin = setup.harness.root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let opener = bin.appendingPathComponent("xdg-open")
        try "#!/bin/sh\nexit 3\n".write(to: opener, atomically: true, encoding: .utf8)
        chmod(opener.path, 0o755)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let (result, _) = try setup.auth(["toot"], environment: ["DISPLAY": ":99", "PATH": path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(setup.credential("mastodon-token") != nil)
    }

    @Test func anUnknownChannelOrKindIsInvalidInput() throws {
        let setup = try Setup(channel: { Self.mastodon($0) + "\n[[channel]]\nname = \"files\"\nkind = \"outbox\"\n" })
        let (unknown, _) = try setup.auth(["nope"], browsing: false)
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("no channel named \"nope\"") && unknown.stderr.contains("toot"))
        let (outbox, _) = try setup.auth(["files"], browsing: false)
        #expect(outbox.status == 65)
        #expect(outbox.stderr.contains("kind outbox"))
    }
}
