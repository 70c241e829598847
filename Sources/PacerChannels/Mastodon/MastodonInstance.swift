import Foundation
import Logging

/// What an instance says about statuses (`GET /api/v2/instance`): `configuration.statuses.max_characters`
/// and `characters_reserved_per_url`. Asked once; until an answer comes, Mastodon's defaults (500, 23).
actor MastodonInstance {
    struct Limits: Sendable, Hashable {
        var maxCharacters: Int
        var charactersPerURL: Int
        static let defaults = Limits(maxCharacters: 500, charactersPerURL: 23)
    }

    private let exchange: HTTPExchange
    private let url: String
    private var known: Limits?

    init(exchange: HTTPExchange, baseURL: ServiceURL) {
        self.exchange = exchange
        self.url = baseURL.appending("/api/v2/instance")
    }

    /// The instance's limits, or the defaults when it cannot be asked. Within a publish the
    /// look-up is optional (``CallDeadline``): a slow instance leaves time for the post.
    func limits() async -> Limits {
        await announced() ?? .defaults
    }

    /// The limits the instance announces, asked until it answers once; nil while it cannot be asked.
    func announced() async -> Limits? {
        if let known { return known }
        guard case .success(let reply) = await exchange.send(.init(method: .get, url: url, isOptional: true)), reply.isSuccess,
              let statuses = (reply.jsonObject?["configuration"] as? [String: Any])?["statuses"] as? [String: Any],
              let maxCharacters = statuses["max_characters"] as? Int, maxCharacters > 0
        else {
            exchange.logger.debug("instance limits unavailable; using 500 characters")
            return nil
        }
        let limits = Limits(maxCharacters: maxCharacters, charactersPerURL: (statuses["characters_reserved_per_url"] as? Int) ?? 23)
        known = limits
        return limits
    }

    /// The length Mastodon counts: characters, with every URL counted as `charactersPerURL`.
    static func length(of text: String, charactersPerURL: Int) -> Int {
        TextEntities.scan(text).reduce(text.count) { total, entity in
            guard case .link = entity.kind else { return total }
            return total - entity.characterCount + charactersPerURL
        }
    }
}
