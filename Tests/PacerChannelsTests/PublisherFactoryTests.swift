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
            #expect(outcome == .published(url: nil, externalID: nil))
            #expect(harness.server.requests.count == 1)
            http.shutdown()
        }
    }
}
