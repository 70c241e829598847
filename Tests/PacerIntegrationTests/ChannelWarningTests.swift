import Foundation
import PacerCore
import Testing

/// Issue 22, item 3: a LinkedIn `version` near retirement and a token a week from expiry are said
/// ahead: in pacerd's log at start and reload (`config_warning`), and by `pacer doctor`.
@Suite(.timeLimit(.minutes(2)))
struct ChannelWarningTests {
    static let config = """
        [[channel]]
        name = "outbox"
        kind = "outbox"
        default = true

        [[channel]]
        name = "li"
        kind = "linkedin"
        base_url = "http://127.0.0.1:9"
        credential = "linkedin-token"
        author = "urn:li:person:1"
        version = "202411"
        """

    func writeCredential(_ harness: DaemonHarness, expiresAt: Date) throws {
        let directory = harness.root.appendingPathComponent("config/pacer/credentials").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/linkedin-token"
        try #"{"access_token": "AQX-never-print", "expires_at": "\#(ISOInstant.format(expiresAt))"}"#.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
    }

    @Test func pacerdAndDoctorWarnAboutAnOldVersionAndAnExpiringToken() throws {
        let harness = try DaemonHarness()
        let expiry = Date().addingTimeInterval(3 * 86_400 + 3600)
        try writeCredential(harness, expiresAt: expiry)
        try harness.start(config: Self.config)
        let versionWarning = "channel li: LinkedIn API version 202411 is"
        let expiryWarning = "channel li: the LinkedIn access token in credential \"linkedin-token\" expires at \(ISOInstant.format(expiry)) (in 3 days); run pacer auth li --force before then"
        try harness.wait(seconds: 10, for: "the warnings in the log") { harness.log.contains(versionWarning) && harness.log.contains(expiryWarning) }

        let doctor = try harness.pacer("doctor", "--json")
        let report = try JSONDecoder().decode(DoctorReport.self, from: Data(doctor.stdout.utf8))
        let config = try #require(report.checks.first { $0.name == "config-valid" })
        #expect(config.status == "warn", "\(config)")
        #expect(config.detail.hasSuffix("valid; channels: outbox (outbox, default), li (linkedin)"), "\(config.detail)")
        #expect(config.fix?.contains(versionWarning) == true && config.fix?.contains(expiryWarning) == true, "\(config)")
        #expect(!doctor.stdout.contains("AQX-never-print") && !harness.log.contains("AQX-never-print"))
    }

    @Test func aReloadWarnsAgain() throws {
        let harness = try DaemonHarness()
        try writeCredential(harness, expiresAt: Date().addingTimeInterval(30 * 86_400))
        try harness.start(config: Self.config)
        try harness.wait(seconds: 10, for: "the version warning") { harness.log.contains("LinkedIn API version 202411 is") }
        #expect(!harness.log.contains("access token in credential"), "30 days from expiry: no warning yet")
        try writeCredential(harness, expiresAt: Date().addingTimeInterval(86_400 + 3600))
        try harness.reload()
        try harness.wait(seconds: 10, for: "the expiry warning after the reload") { harness.log.contains("(in 1 day); run pacer auth li --force before then") }
    }
}
