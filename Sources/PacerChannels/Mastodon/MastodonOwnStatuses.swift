import Foundation

/// The account's own recent statuses, read to learn whether a request whose answer was lost made
/// its status: `GET /api/v1/accounts/verify_credentials` once for the account's id, then
/// `GET /api/v1/accounts/:id/statuses?limit=40&exclude_reblogs=true`, page by page back to the
/// first request (at most ``maxPages``). The token needs the `read:accounts` and
/// `read:statuses` scopes (or `read`); without them the look-up is `unreadable`.
actor MastodonOwnStatuses {
    /// What the look-up found.
    enum Finding: Sendable, Hashable {
        /// A status created since the first request, with the post's text.
        case found(url: String?, id: String?)
        /// None of the statuses created since the first request has the post's text.
        case absent
        /// The statuses could not be read; why.
        case unreadable(String)
    }

    /// How many pages of 40 statuses are read at most before giving up on proving absence.
    static let maxPages = 5

    private let exchange: HTTPExchange
    private let baseURL: ServiceURL
    private var accountID: String?

    init(exchange: HTTPExchange, baseURL: ServiceURL) {
        self.exchange = exchange
        self.baseURL = baseURL
    }

    /// Looks for a status created at or after `since` whose text has `digest`
    /// (``MastodonStatusText/digest(_:inReplyTo:mediaCount:)``: with its place in a thread and its
    /// number of images).
    func find(digest: String, since: Date, token: Secret) async -> Finding {
        let account: String
        switch await ownAccountID(token: token) {
        case .success(let id): account = id
        case .failure(let refusal): return .unreadable(refusal.reason)
        }
        var olderThan: String?
        for _ in 0..<Self.maxPages {
            let page = olderThan.map { "&max_id=\($0)" } ?? ""
            let url = baseURL.appending("/api/v1/accounts/\(account)/statuses?limit=40&exclude_reblogs=true\(page)")
            let statuses: [[String: Any]]
            switch await read(url, token: token) {
            case .success(let reply):
                guard let list = (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [[String: Any]] else {
                    return .unreadable("the account's statuses are not a JSON list")
                }
                statuses = list
            case .failure(let refusal):
                return .unreadable(refusal.reason)
            }
            for status in statuses {
                guard let created = RateLimitReset.iso8601(status["created_at"] as? String), created >= since,
                      let text = MastodonStatusText.plain(of: status),
                      MastodonStatusText.digest(text, inReplyTo: status["in_reply_to_id"] as? String,
                                                mediaCount: (status["media_attachments"] as? [Any])?.count ?? 0) == digest
                else { continue }
                return .found(url: (status["url"] as? String) ?? (status["uri"] as? String), id: status["id"] as? String)
            }
            // Statuses come newest first: once one is older than `since`, the rest are too.
            let oldest = statuses.last.flatMap { RateLimitReset.iso8601($0["created_at"] as? String) }
            guard let oldest, oldest >= since, let last = statuses.last?["id"] as? String else { return .absent }
            olderThan = last
        }
        return .unreadable("more than \(40 * Self.maxPages) statuses were made since the first request")
    }

    /// Why a read gave no usable answer.
    private struct Refusal: Error {
        let reason: String
    }

    /// The account's id, asked once.
    private func ownAccountID(token: Secret) async -> Result<String, Refusal> {
        if let accountID { return .success(accountID) }
        switch await read(baseURL.appending("/api/v1/accounts/verify_credentials"), token: token) {
        case .success(let reply):
            guard let id = reply.jsonObject?["id"] as? String, !id.isEmpty else {
                return .failure(Refusal(reason: "verify_credentials did not name the account's id"))
            }
            accountID = id
            return .success(id)
        case .failure(let refusal):
            return .failure(refusal)
        }
    }

    /// A successful GET of `url`, or why not.
    private func read(_ url: String, token: Secret) async -> Result<HTTPReply, Refusal> {
        let request = HTTPExchange.Request(method: .get, url: url, headers: [("Authorization", "Bearer \(token.value)")], secrets: [token])
        switch await exchange.send(request) {
        case .success(let reply) where reply.isSuccess:
            return .success(reply)
        case .success(let reply) where reply.status == 401 || reply.status == 403:
            return .failure(Refusal(reason: "the token may not read the account's statuses (\(reply.summary)); give it the read:accounts and read:statuses scopes"))
        case .success(let reply):
            return .failure(Refusal(reason: "reading the account's statuses: \(reply.summary)"))
        case .failure(let failure):
            return .failure(Refusal(reason: "reading the account's statuses: \(failure.reason)"))
        }
    }
}
