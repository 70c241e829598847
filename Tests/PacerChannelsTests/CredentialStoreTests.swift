import Foundation
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
