import Foundation
import PacerCore

/// The OAuth 2.0 user token an X channel posts with.
///
/// Read from the channel's credential at every call (so a new `pacer auth` is seen), replaced by
/// the rotated tokens of `token.json` while they descend from that credential (``OAuthTokenFile``),
/// and renewed at `token_url` (default `<base_url>/2/oauth2/token`) with the refresh token when it
/// expires within five minutes or X refused it. An actor with at most one renewal in flight: X rotates the refresh
/// token at each renewal and refuses one used twice.
actor XTokens {
    /// How long before `expires_at` a token is renewed.
    static let renewalMargin: TimeInterval = 5 * 60

    private let exchange: HTTPExchange
    private let settings: XSettings
    private let credentials: CredentialStore
    let file: OAuthTokenFile
    /// The token in use, and the digest of the credential it descends from.
    private var current: (token: OAuthToken, credentialSHA256: String)?
    /// While a renewal is in flight: the other callers that need one, waiting for its result.
    private var waitingForRenewal: [CheckedContinuation<Result<OAuthToken, TokenFailure>, Never>]?
    /// Every secret seen, for scrubbing texts.
    private(set) var secrets: [Secret] = []

    init(exchange: HTTPExchange, settings: XSettings, credentials: CredentialStore, file: OAuthTokenFile) {
        self.exchange = exchange
        self.settings = settings
        self.credentials = credentials
        self.file = file
    }

    /// The token to post with at `now`, renewed first when it expires within ``renewalMargin``.
    func token(now: Date, channel: String) async -> Result<OAuthToken, TokenFailure> {
        let loaded: (token: OAuthToken, credentialSHA256: String)
        do {
            loaded = try load()
        } catch {
            return .failure(TokenFailure(outcome: .failed(reason: error.description, status: nil)))
        }
        guard loaded.token.isRenewable, loaded.token.expires(by: now.addingTimeInterval(Self.renewalMargin)) else { return .success(loaded.token) }
        return await renew(loaded.token, descendingFrom: loaded.credentialSHA256, now: now, channel: channel)
    }

    /// A token to post with after X refused `refused` (401): the one renewed meanwhile, else a new one.
    func token(after refused: OAuthToken, status: String, now: Date, channel: String) async -> Result<OAuthToken, TokenFailure> {
        let loaded: (token: OAuthToken, credentialSHA256: String)
        do {
            loaded = try load()
        } catch {
            return .failure(TokenFailure(outcome: .failed(reason: error.description, status: nil)))
        }
        if loaded.token.access != refused.access { return .success(loaded.token) }
        guard loaded.token.isRenewable else {
            let missing = loaded.token.refresh == nil ? "refresh_token" : "client_id"
            return .failure(TokenFailure(outcome: .failed(
                reason: "X refused the access token of credential \"\(settings.credential)\" (\(status)), and it cannot be renewed "
                    + "(the credential has no \(missing)); run pacer auth \(channel) --force", status: 401)))
        }
        return await renew(loaded.token, descendingFrom: loaded.credentialSHA256, now: now, channel: channel)
    }

    /// The credential's token, or the rotated one descending from it.
    private func load() throws(CredentialError) -> (token: OAuthToken, credentialSHA256: String) {
        let credential = try credentials.oauthCredential(named: settings.credential)
        remember(credential.token.secrets)
        if let current, current.credentialSHA256 == credential.sha256 { return current }
        let token = file.load(descendingFrom: credential.sha256) ?? credential.token
        remember(token.secrets)
        current = (token, credential.sha256)
        return (token, credential.sha256)
    }

    /// The result of the renewal in flight, or of a new one of `token` made in the caller's own
    /// task (not a task of its own: it stays within the caller's deadline and executor).
    private func renew(_ token: OAuthToken, descendingFrom credentialSHA256: String, now: Date, channel: String) async -> Result<OAuthToken, TokenFailure> {
        if waitingForRenewal != nil {
            return await withCheckedContinuation { waitingForRenewal?.append($0) }
        }
        waitingForRenewal = []
        let result = await exchangeRefreshToken(of: token, descendingFrom: credentialSHA256, now: now, channel: channel)
        let waiting = waitingForRenewal ?? []
        waitingForRenewal = nil
        for caller in waiting { caller.resume(returning: result) }
        return result
    }

    /// `POST <token_url>` with `grant_type=refresh_token`; the new tokens are kept in memory and in ``file``.
    private func exchangeRefreshToken(of token: OAuthToken, descendingFrom credentialSHA256: String, now: Date, channel: String) async -> Result<OAuthToken, TokenFailure> {
        guard let refresh = token.refresh, let clientID = token.clientID else { return .success(token) }
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let clientSecret = token.clientSecret {
            let pair = FormBody.encode(clientID) + ":" + FormBody.encode(clientSecret.value)
            headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        }
        let body = FormBody.encode([("grant_type", "refresh_token"), ("refresh_token", refresh.value), ("client_id", clientID)])
        let request = HTTPExchange.Request(method: .post, url: settings.oauth.tokenURL.absoluteString, headers: headers,
                                           body: Array(body.utf8), secrets: secrets)
        let failure: PublishOutcome
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            let object = reply.jsonObject
            guard let access = object?["access_token"] as? String, !access.isEmpty else {
                failure = .retry(reason: "renewing the X access token: the token endpoint answered HTTP \(reply.status) without an access_token",
                                 after: nil, status: reply.status, consumesAttempt: true)
                break
            }
            var renewed = token
            renewed.access = Secret(access)
            if let rotated = object?["refresh_token"] as? String, !rotated.isEmpty { renewed.refresh = Secret(rotated) }
            renewed.expiresAt = (object?["expires_in"] as? NSNumber).map { now.addingTimeInterval($0.doubleValue) }
            if let scope = object?["scope"] as? String { renewed.scope = scope }
            remember(renewed.secrets)
            current = (renewed, credentialSHA256)
            do {
                try file.save(renewed, descendingFrom: credentialSHA256)
            } catch {
                exchange.logger.error("cannot keep the renewed X token in \(file.path); after a restart the channel needs pacer auth \(channel) --force",
                                      metadata: ["error": "\(error)"])
            }
            exchange.logger.info("renewed the X access token of credential \(settings.credential)",
                                 metadata: ["expires_at": "\(renewed.expiresAt.map(ISOInstant.format) ?? "unknown")"])
            return .success(renewed)
        case .success(let reply) where reply.status == 429:
            failure = OutcomeRules.rateLimited(reply, until: RateLimitReset.unixSeconds(reply.header("x-rate-limit-reset"))
                ?? RateLimitReset.retryAfter(reply.header("retry-after"), now: now))
        case .success(let reply) where reply.status == 400 || reply.status == 401:
            failure = .failed(reason: "X refused to renew the access token of credential \"\(settings.credential)\" (\(reply.summary)): "
                + "the grant was revoked or has expired; run pacer auth \(channel) --force", status: reply.status)
        case .success(let reply):
            // Nothing is posted by a renewal: an answer that is not a refusal may be tried again.
            switch OutcomeRules.unsuccessful(reply, replaySafe: true) {
            case .failed(let reason, let status): failure = .failed(reason: "renewing the X access token: \(reason)", status: status)
            default: failure = .retry(reason: "renewing the X access token: \(reply.summary)", after: nil, status: reply.status, consumesAttempt: true)
            }
        case .failure(let transport):
            failure = .retry(reason: "renewing the X access token: \(transport.reason)", after: nil, status: nil, consumesAttempt: true)
        }
        return .failure(TokenFailure(outcome: failure.redacting(secrets)))
    }

    private func remember(_ new: [Secret]) {
        for secret in new where !secrets.contains(secret) { secrets.append(secret) }
    }
}

/// Why no token could be had, as the outcome of the publish that needed it.
struct TokenFailure: Error {
    let outcome: PublishOutcome
}
