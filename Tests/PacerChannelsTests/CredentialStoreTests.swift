import Dispatch
import Foundation
import Synchronization
import Testing
@testable import PacerChannels

struct CredentialStoreTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-credentials-\(UUID().uuidString)").path

    func write(_ path: String, _ value: String, mode: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try value.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func systemdCredentialsComeFirst() throws {
        try write(root + "/systemd/token", "from-systemd\n", mode: 0o400)
        try write(root + "/config/pacer/credentials/token", "from-config", mode: 0o600)
        let store = CredentialStore(environment: ["CREDENTIALS_DIRECTORY": root + "/systemd", "XDG_CONFIG_HOME": root + "/config"])
        #expect(try store.secret(named: "token").value == "from-systemd")
    }

    @Test func theConfigDirectoryIsTheFallbackAndWhiteSpaceIsTrimmed() throws {
        try write(root + "/config/pacer/credentials/token", "  s3cret \n\n", mode: 0o600)
        let store = CredentialStore(environment: ["CREDENTIALS_DIRECTORY": root + "/systemd", "XDG_CONFIG_HOME": root + "/config"])
        #expect(try store.secret(named: "token").value == "s3cret")
    }

    @Test func homeDefaultsTheConfigDirectory() throws {
        try write(root + "/.config/pacer/credentials/token", "v", mode: 0o600)
        #expect(try CredentialStore(environment: ["HOME": root]).secret(named: "token").value == "v")
    }

    @Test func aFileOthersCanReadIsRefusedWithTheFix() throws {
        let path = root + "/config/pacer/credentials/token"
        try write(path, "leaky-secret-value", mode: 0o644)
        let store = CredentialStore(environment: ["XDG_CONFIG_HOME": root + "/config"])
        let error = #expect(throws: CredentialError.self) { try store.secret(named: "token") }
        #expect(error?.description == "credential \"token\": \(path) has mode 0644, so group or others can read it; refused. Fix: chmod 600 \(path)")
        #expect(error?.description.contains("leaky-secret-value") == false)
    }

    /// A FIFO would block an open for reading until a writer came; both directories refuse it at once.
    /// Not async: the load runs on a thread of its own, so a regression fails here after a while
    /// (and the FIFO is then opened for writing to release it) instead of hanging the suite.
    @Test(arguments: ["systemd", "config"]) func aFIFOIsRefusedWithoutWaitingForAWriter(directory: String) throws {
        let path = directory == "systemd" ? root + "/systemd/token" : root + "/config/pacer/credentials/token"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(mkfifo(path, 0o600) == 0)
        let store = CredentialStore(environment: ["CREDENTIALS_DIRECTORY": root + "/systemd", "XDG_CONFIG_HOME": root + "/config"])
        let done = DispatchSemaphore(value: 0)
        let load = Load()
        Thread {
            load.result.withLock { $0 = Result { () throws(CredentialError) in try store.secret(named: "token") } }
            done.signal()
        }.start()
        if done.wait(timeout: .now() + 20) == .timedOut {
            Issue.record("loading a FIFO credential still waits for a writer")
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            close(writer)
            done.wait()
        }
        let error = load.result.withLock { result -> CredentialError? in
            if case .failure(let error) = result { error } else { nil }
        }
        #expect(error?.description == "credential \"token\": \(path) is a FIFO, not a regular file; refused. Fix: store the secret in a regular file at \(path)")
    }

    @Test func aMissingCredentialNamesThePathsTried() throws {
        let store = CredentialStore(environment: ["CREDENTIALS_DIRECTORY": root + "/systemd", "XDG_CONFIG_HOME": root + "/config"])
        let error = #expect(throws: CredentialError.self) { try store.secret(named: "absent") }
        #expect(error?.description == "credential \"absent\" not found; looked in \(root)/systemd/absent and \(root)/config/pacer/credentials/absent")
    }

    @Test func namesThatLeaveTheDirectoryAreRefused() {
        let store = CredentialStore(environment: ["XDG_CONFIG_HOME": root])
        for name in ["../x", "a/b", "..", "", "with space"] {
            #expect(throws: CredentialError.self) { try store.secret(named: name) }
        }
    }

    @Test func anEmptyCredentialIsRefused() throws {
        try write(root + "/config/pacer/credentials/token", "\n", mode: 0o600)
        #expect(throws: CredentialError.self) { try CredentialStore(environment: ["XDG_CONFIG_HOME": root + "/config"]).secret(named: "token") }
    }

    @Test func aSecretNeverPrints() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect("token hunter2 echoed".redacting([secret]) == "token <redacted> echoed")
    }
}

/// A credential load made on a thread of its own.
private final class Load: Sendable {
    let result = Mutex<Result<Secret, CredentialError>?>(nil)
}
