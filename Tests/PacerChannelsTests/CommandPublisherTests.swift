import Foundation
import Logging
import PacerCore
import Testing
@testable import PacerChannels

/// Serialized: a script being written by one test must not be executed by another meanwhile (`ETXTBSY`).
@Suite(.serialized)
struct CommandPublisherTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-command-\(UUID().uuidString)").path

    /// Writes an executable `/bin/sh` script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return path
    }

    func publisher(_ argv: [String], timeout: Double = 10) throws -> CommandPublisher {
        CommandPublisher(settings: try CommandSettings(argv: argv, timeout: TimeSpan(seconds: timeout)),
                         environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "PACER_TITLE": "inherited, must be replaced"],
                         logger: Logger(label: "test"))
    }

    @Test func exitZeroIsPublishedWithTheFirstLineAsURLAndTheTextOnStdin() async throws {
        let path = try script("post", """
            cat > "$(dirname "$0")/stdin.txt"
            env | grep '^PACER_' | sort > "$(dirname "$0")/env.txt"
            echo 'https://example.com/p/1  '
            echo 'second line'
            """)
        let outcome = try await publisher([path]).publish(publication(), now: testNow)
        #expect(outcome == .published(url: "https://example.com/p/1", externalID: nil, status: 0))
        #expect(try String(contentsOfFile: directory + "/stdin.txt", encoding: .utf8) == "Hello, 世界 👋 https://example.com/a_b")
        #expect(try String(contentsOfFile: directory + "/env.txt", encoding: .utf8) == """
            PACER_CHANNEL=test
            PACER_DELIVERY_ID=42
            PACER_IDEMPOTENCY_KEY=pacer-0123456789abcdef-delivery-42
            PACER_PLANNED_AT=2026-12-01T09:00:00Z
            PACER_POST_ID=7
            PACER_TAGS=swift,pacer
            PACER_TITLE=Greeting

            """)
    }

    @Test func exitZeroWithoutOutputIsPublishedWithoutURL() async throws {
        let path = try script("quiet", "exit 0")
        #expect(try await publisher([path]).publish(publication(), now: testNow) == .published(url: nil, externalID: nil, status: 0))
    }

    @Test func exit75IsTryAgainLater() async throws {
        let path = try script("busy", "echo 'server busy' >&2; exit 75")
        let outcome = try await publisher([path]).publish(publication(), now: testNow)
        #expect(outcome == .retry(reason: "\(path) exited with 75 (try again later): server busy", after: nil, status: 75, consumesAttempt: true))
    }

    @Test func anotherExitCodeFailsWithTheTailOfStderr() async throws {
        let path = try script("broken", """
            i=0; while [ $i -lt 2000 ]; do echo "noise $i" >&2; i=$((i+1)); done
            echo 'error: token rejected' >&2
            exit 1
            """)
        let outcome = try await publisher([path]).publish(publication(), now: testNow)
        #expect(outcome.isFailed)
        if case let .failed(reason, status) = outcome {
            #expect(status == 1)
            #expect(reason.hasPrefix("\(path) exited with 1: "))
            #expect(reason.hasSuffix("noise 1999 | error: token rejected"))
            #expect(!reason.contains("noise 0 "))
        }
    }

    @Test func aSleeperIsKilledWithItsChildrenAtTheTimeoutAndIsUnknown() async throws {
        let path = try script("sleeper", """
            sleep 30 &
            echo $! > "$(dirname "$0")/child.pid"
            wait
            """)
        let started = Date()
        let outcome = try await publisher([path], timeout: 0.5).publish(publication(), now: testNow)
        #expect(outcome.isUnknown, "\(outcome)")
        #expect(outcome.reason.contains("did not finish within"))
        #expect(Date().timeIntervalSince(started) < 10)
        let child = try String(contentsOfFile: directory + "/child.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // The grandchild was in the killed process group: gone, or a zombie awaiting its reaper.
        try await Task.sleep(for: .milliseconds(200))
        let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)
        #expect(stat == nil || stat!.split(separator: " ")[2] == "Z", "sleep \(child) still runs: \(stat ?? "")")
    }

    @Test func argumentsAreNeverInterpretedByAShell() async throws {
        let marker = directory + "/injected"
        let path = try script("args", #"for a in "$@"; do printf '%s\n' "$a"; done > "$(dirname "$0")/args.txt""#)
        let argv = [path, "$(touch \(marker))", "a b;c", "*", "`id`", "'quoted'"]
        #expect(try await publisher(argv).publish(publication(), now: testNow) == .published(url: nil, externalID: nil, status: 0))
        #expect(try String(contentsOfFile: directory + "/args.txt", encoding: .utf8) == argv.dropFirst().joined(separator: "\n") + "\n")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aProgramThatIgnoresALargeInputDoesNotHurtTheDaemon() async throws {
        let path = try script("ignores", "exit 0")
        let outcome = try await publisher([path]).publish(publication(String(repeating: "x", count: 4 << 20)), now: testNow)
        #expect(outcome == .published(url: nil, externalID: nil, status: 0))
    }

    @Test func aProgramKilledByASignalIsUnknown() async throws {
        let path = try script("crash", "kill -9 $$")
        let outcome = try await publisher([path]).publish(publication(), now: testNow)
        #expect(outcome.isUnknown)
        #expect(outcome.reason.contains("signal 9"))
    }

    @Test func aProgramKilledAsTheUnitsHardeningKillsAJITPointsToTheDropIn() async throws {
        for signal in ["SYS", "TRAP"] {
            let path = try script("jit-\(signal)", "ulimit -c 0; kill -\(signal) $$")
            let outcome = try await publisher([path]).publish(publication(), now: testNow)
            #expect(outcome.isUnknown)
            #expect(outcome.reason.contains("(SIG\(signal))"), "\(outcome)")
            #expect(outcome.reason.contains("docs/systemd.md") && outcome.reason.contains("jit.conf"), "\(outcome)")
        }
        let killed = try await publisher([try script("killed", "kill -9 $$")]).publish(publication(), now: testNow)
        #expect(!killed.reason.contains("docs/systemd.md"), "\(killed)")
    }

    @Test func theProgramSeesNoneOfTheDaemonsServiceVariables() async throws {
        let path = try script("env", #"tr '\0' '\n' < /proc/$$/environ | grep -v '^PACER_' | sort > "$(dirname "$0")/env.txt""#)
        var environment = ["PATH": "/usr/bin:/bin", "HOME": directory, "LANG": "C.UTF-8", "INVOCATION_ID": "0123abcd"]
        for name in ["CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID",
                     "LISTEN_FDNAMES", "JOURNAL_STREAM", "MANAGERPID", "SYSTEMD_EXEC_PID", "MAINPID", "FDSTORE",
                     "MEMORY_PRESSURE_WATCH", "MEMORY_PRESSURE_WRITE", "PIDFILE"] {
            environment[name] = "from pacerd"
        }
        let publisher = CommandPublisher(settings: try CommandSettings(argv: [path], timeout: TimeSpan(seconds: 10)),
                                         environment: environment, logger: Logger(label: "test"))
        #expect(try await publisher.publish(publication(), now: testNow) == .published(url: nil, externalID: nil, status: 0))
        #expect(try String(contentsOfFile: directory + "/env.txt", encoding: .utf8) == """
            HOME=\(directory)
            INVOCATION_ID=0123abcd
            LANG=C.UTF-8
            PATH=/usr/bin:/bin

            """)
    }

    @Test func aMissingProgramFails() async throws {
        let outcome = try await publisher([directory + "/absent"]).publish(publication(), now: testNow)
        #expect(outcome == .failed(reason: "cannot run \(directory)/absent: No such file or directory", status: nil))
    }

    @Test func programsAreFoundInPath() async throws {
        #expect(try await publisher(["true"]).publish(publication(), now: testNow) == .published(url: nil, externalID: nil, status: 0))
    }

    @Test func theProgramInheritsNoDescriptorButItsStdio() async throws {
        let leaked = open("/dev/null", O_RDONLY)  // no O_CLOEXEC: would survive exec
        defer { close(leaked) }
        let path = try script("fds", #"readlink "/proc/$$/fd/$1" > "$(dirname "$0")/fd.txt" || echo closed > "$(dirname "$0")/fd.txt""#)
        #expect(try await publisher([path, String(leaked)]).publish(publication(), now: testNow) == .published(url: nil, externalID: nil, status: 0))
        #expect(try String(contentsOfFile: directory + "/fd.txt", encoding: .utf8) == "closed\n")
    }

    @Test func anInterruptedCommandCannotBeReconciled() async throws {
        #expect(try await publisher(["true"]).reconcile(deliveryID: 1, claimedAt: testNow, now: testNow) == .undetermined)
    }
}
