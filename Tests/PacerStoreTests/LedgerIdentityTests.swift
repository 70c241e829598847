import Foundation
import Testing
import PacerCore
@testable import PacerStore

/// What the ledger says about an attempt and a store beyond the outcome: attempt numbers across
/// `pacer retry`, the platform's id and status of a published attempt, and the store's own id.
struct LedgerIdentityTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    @Test func attemptNumbersGoOnAfterARetryWhileTheBudgetStartsAfresh() throws {
        let store = try Store(path: database.path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        let delivery = post.deliveries[0].id
        var at = now
        for expected in 1...2 {
            let claim = try store.claim(delivery, now: at)
            #expect(claim.attemptNumber == expected && claim.attemptsSinceRetry == expected)
            _ = try store.finish(claim, result: .retry(reason: "503", httpStatus: 503, notBefore: at, consumesAttempt: true), now: at)
            at += 60
        }
        let limited = try store.claim(delivery, now: at)
        _ = try store.finish(limited, result: .retry(reason: "429", httpStatus: 429, notBefore: at, consumesAttempt: false), now: at)
        at += 60
        let last = try store.claim(delivery, now: at)
        #expect(last.attemptNumber == 3, "a rate-limited attempt is not numbered")
        _ = try store.finish(last, result: .failed(reason: "gave up", httpStatus: 503), now: at)
        at += 60
        _ = try store.retry(post.id, now: at)
        at += 60
        let afterRetry = try store.claim(delivery, now: at)
        #expect(afterRetry.attemptNumber == 4, "numbers go on after pacer retry")
        #expect(afterRetry.attemptsSinceRetry == 1, "the retry budget starts afresh")
        #expect(try store.attempts(since: nil, channel: nil).map(\.number) == [4, 3, 3, 2, 1])
    }

    @Test func aPublishedAttemptKeepsThePlatformsIDAndStatus() throws {
        let store = try Store(path: database.path)
        let post = try store.add(NewPost(text: "hello", channels: ["outbox"]), now: now)
        let claim = try store.claim(post.deliveries[0].id, now: now)
        _ = try store.finish(claim, result: .published(url: "https://social.example/@me/1099", externalID: "1099", httpStatus: 200), now: now)
        let attempt = try #require(try store.attempts(since: nil, channel: nil).first)
        #expect(attempt.externalID == "1099")
        #expect(attempt.httpStatus == 200)
    }

    @Test func eachStoreHasItsOwnInstallationIDForGood() throws {
        let store = try Store(path: database.path)
        let id = store.installationID
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
        #expect(try Store(path: database.path).installationID == id, "kept across openings")
        let other = try TemporaryDatabase()
        #expect(try Store(path: other.path).installationID != id, "a new store gets a new id")
    }
}
