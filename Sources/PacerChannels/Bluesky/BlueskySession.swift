import Foundation
import Logging
import PacerCore
import PacerPOSIX

/// The login to a PDS, made once with `com.atproto.server.createSession` (which is rate-limited),
/// kept in a file of the channel's state directory (mode 0600) and renewed with
/// `com.atproto.server.refreshSession` when the access token expires; a new login only when the
/// refresh token is refused too.
actor BlueskySession {
    /// The tokens of a login.
    struct Tokens: Sendable {
        var did: String
        var handle: String
        var access: Secret
        var refresh: Secret
    }

    private struct Stored: Codable {
        var did: String
        var handle: String
        var accessJwt: String
        var refreshJwt: String
    }

    private let exchange: HTTPExchange
    private let settings: BlueskySettings
    private let credentials: CredentialStore
    /// The session file.
    let file: String
    private var tokens: Tokens?
    private var loaded = false
    /// Every secret this session has held, for scrubbing texts.
    private(set) var secrets: [Secret] = []

    init(exchange: HTTPExchange, settings: BlueskySettings, credentials: CredentialStore, file: String) {
        self.exchange = exchange
        self.settings = settings
        self.credentials = credentials
        self.file = file
    }

    /// The account's DID as far as known without asking the network.
    func knownDID() -> String? {
        loadIfNeeded()
        return tokens?.did
    }

    /// The current tokens: from memory, else from the file, else a new login.
    func current(now: Date) async -> Result<Tokens, SessionFailure> {
        loadIfNeeded()
        if let tokens { return .success(tokens) }
        return await login(now: now)
    }

    /// New tokens after `expired` was refused: refreshed, else a new login.
    func renew(after expired: Tokens, now: Date) async -> Result<Tokens, SessionFailure> {
        if let tokens, tokens.access != expired.access { return .success(tokens) }
        let request = HTTPExchange.Request(method: .post, url: settings.baseURL.appending("/xrpc/com.atproto.server.refreshSession"),
                                           headers: [("Authorization", "Bearer \(expired.refresh.value)")], secrets: secrets)
        if case .success(let reply) = await exchange.send(request), reply.isSuccess, let renewed = adopt(reply) {
            return .success(renewed)
        }
        exchange.logger.info("Bluesky refresh token refused or unavailable; logging in again")
        tokens = nil
        return await login(now: now)
    }

    private func login(now: Date) async -> Result<Tokens, SessionFailure> {
        let password: Secret
        do {
            password = try credentials.secret(named: settings.credential)
        } catch {
            return .failure(SessionFailure(outcome: .failed(reason: error.description, status: nil)))
        }
        remember(password)
        struct Body: Encodable { let identifier: String; let password: String }
        let request = HTTPExchange.Request.postJSON(settings.baseURL.appending("/xrpc/com.atproto.server.createSession"),
                                                    JSONBody.encode(Body(identifier: settings.identifier, password: password.value)),
                                                    secrets: secrets)
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            guard let tokens = adopt(reply) else {
                return .failure(SessionFailure(outcome: .retry(reason: "createSession answered without tokens", after: nil, status: reply.status, consumesAttempt: true)))
            }
            return .success(tokens)
        case .success(let reply) where reply.status == 429:
            return .failure(SessionFailure(outcome: OutcomeRules.rateLimited(reply, until: BlueskyPublisher.resetInstant(reply, now: now))))
        case .success(let reply) where reply.status == 400 || reply.status == 401:
            return .failure(SessionFailure(outcome: .failed(reason: "Bluesky refused the login of \(settings.identifier) (\(reply.summary))", status: reply.status)))
        case .success(let reply):
            // Nothing is posted by a login: any other answer may be tried again.
            let outcome = OutcomeRules.unsuccessful(reply, replaySafe: true)
            if case .unknown(let reason) = outcome { return .failure(SessionFailure(outcome: .retry(reason: reason, after: nil, status: reply.status, consumesAttempt: true))) }
            return .failure(SessionFailure(outcome: outcome))
        case .failure(let failure):
            return .failure(SessionFailure(outcome: .retry(reason: "login: \(failure.reason)", after: nil, status: nil, consumesAttempt: true)))
        }
    }

    /// Takes the tokens of a createSession or refreshSession reply, and keeps them in the file.
    private func adopt(_ reply: HTTPReply) -> Tokens? {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(reply.body)) else { return nil }
        let adopted = Tokens(did: stored.did, handle: stored.handle, access: Secret(stored.accessJwt), refresh: Secret(stored.refreshJwt))
        remember(adopted.access)
        remember(adopted.refresh)
        tokens = adopted
        do {
            let directory = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
            try Files.makeDirectories(directory, mode: 0o700)
            try Files.writeDurably(String(decoding: JSONBody.encode(stored), as: UTF8.self), to: file, mode: 0o600)
        } catch {
            exchange.logger.warning("cannot keep the Bluesky session; the next start logs in again", metadata: ["error": "\(error)"])
        }
        return adopted
    }

    private func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        guard let text = try? SmallFile.readText(file),
              let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8))
        else { return }
        let restored = Tokens(did: stored.did, handle: stored.handle, access: Secret(stored.accessJwt), refresh: Secret(stored.refreshJwt))
        remember(restored.access)
        remember(restored.refresh)
        tokens = restored
    }

    private func remember(_ secret: Secret) {
        if !secrets.contains(secret) { secrets.append(secret) }
    }
}

/// Why no session could be had, as the outcome of the publish that needed it.
struct SessionFailure: Error {
    let outcome: PublishOutcome
}
