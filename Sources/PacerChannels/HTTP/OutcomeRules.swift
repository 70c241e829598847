import Foundation
import PacerCore

/// The answers every HTTP channel reads the same way.
enum OutcomeRules {
    /// A rate limit: not an attempt used up; `until` is when the platform said it resets.
    static func rateLimited(_ reply: HTTPReply, until: Date?) -> PublishOutcome {
        let when = until.map { " until \(ISOInstant.format($0))" } ?? ""
        return .retry(reason: "rate limited\(when) (\(reply.summary))", after: until, status: reply.status, consumesAttempt: false)
    }

    /// Any answer other than success and 429:
    /// 3xx → failed (redirects are not followed); 408 → retry; other 4xx → failed with the server's text;
    /// 5xx → retry, except 504 when sending again is not provably safe: a gateway timeout says the
    /// platform may have acted, so that is `unknown`.
    static func unsuccessful(_ reply: HTTPReply, replaySafe: Bool) -> PublishOutcome {
        switch reply.status {
        case 300..<400:
            // Shown as a person sees any URL: a redirect target's query may hold a session token.
            let target = reply.header("location").map { " to \(RedactedURL.shown($0))" } ?? ""
            return .failed(reason: "redirected\(target) (HTTP \(reply.status)); Pacer does not follow redirects of a publish, check base_url", status: reply.status)
        case 408:
            return .retry(reason: reply.summary, after: nil, status: reply.status, consumesAttempt: true)
        case 401, 403:
            return .failed(reason: "refused, check the credential (\(reply.summary))", status: reply.status)
        case 504 where !replaySafe:
            return .unknown(reason: "\(reply.summary); the platform may have published it")
        case 500..<600:
            return .retry(reason: reply.summary, after: nil, status: reply.status, consumesAttempt: true)
        default:
            return .failed(reason: reply.summary, status: reply.status)
        }
    }

    /// A request without an answer: `notSent` is always safe to retry; `maybeSent` is `unknown`
    /// (callers with a replay proof handle it before).
    static func transport(_ failure: TransportFailure) -> PublishOutcome {
        switch failure {
        case .notSent(let reason): .retry(reason: reason, after: nil, status: nil, consumesAttempt: true)
        case .maybeSent(let reason): .unknown(reason: "\(reason); it may have been published")
        }
    }

}
