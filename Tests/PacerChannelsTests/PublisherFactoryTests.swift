import Foundation
import PacerCore
import Testing
@testable import PacerChannels

/// The shared HTTP client exists only once an HTTP channel needs it.
struct PublisherFactoryTests {
    func factory(_ harness: Harness, http: SharedHTTPClient) -> PublisherFactory {
        PublisherFactory(http: http, credentials: harness.credentials, stateDirectory: harness.root + "/state",
                         logger: harness.logs.logger, environment: [:])
    }

    @Test func outboxAndCommandChannelsCreateNoHTTPClient() async throws {
        try await Harness.with { harness in
            let http = SharedHTTPClient()
            let factory = factory(harness, http: http)
            _ = try factory.makePublisher(channel: "files", settings: .outbox(directory: harness.root + "/outbox"))
            _ = try factory.makePublisher(channel: "script", settings: .command(try CommandSettings(argv: ["/bin/true"])))
            #expect(!http.isCreated)
            http.shutdown()  // nothing to shut down
            #expect(!http.isCreated)
        }
    }

    @Test func theFirstHTTPChannelCreatesTheClientThatEveryLaterOneShares() async throws {
        try await Harness.with { harness in
            let http = SharedHTTPClient()
            let factory = factory(harness, http: http)
            let settings = try WebhookSettings(url: harness.server.baseURL + "/hook", timeout: TimeSpan(seconds: 5))
            let first = try factory.makePublisher(channel: "hook", settings: .webhook(settings))
            #expect(http.isCreated)
            let client = http.client
            _ = try factory.makePublisher(channel: "hook-2", settings: .webhook(settings))
            #expect(http.client === client)

            harness.server.script("POST", "/hook", .json(204, ""))
            let outcome = await first.publish(publication(), now: testNow)
            #expect(outcome == .published(url: nil, externalID: nil, status: 204))
            #expect(harness.server.requests.count == 1)
            http.shutdown()
        }
    }

    /// A webhook secret that is not `whsec_<base64>` is refused when the configuration is loaded,
    /// not at the first publish (issue 22, item 12).
    @Test func aWebhookSecretOfAnotherFormIsRefusedWhenThePublisherIsMade() async throws {
        try await Harness.with { harness in
            let http = SharedHTTPClient()
            defer { http.shutdown() }
            try harness.addCredential("hook-key", "plain-old-shared-secret")
            let settings = try WebhookSettings(url: harness.server.baseURL + "/hook", secretCredential: "hook-key")
            #expect {
                try factory(harness, http: http).makePublisher(channel: "hook", settings: .webhook(settings))
            } throws: { error in
                "\(error)".hasPrefix("credential \"hook-key\" is not a Standard Webhooks secret: it does not start with whsec_")
            }
            try harness.addCredential("hook-key", "whsec_" + Data(repeating: 7, count: 32).base64EncodedString())
            _ = try factory(harness, http: http).makePublisher(channel: "hook", settings: .webhook(settings))
        }
    }
}
