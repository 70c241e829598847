import Foundation
import Logging
import PacerCore

/// What an instance says about statuses: `configuration.statuses.max_characters` and
/// `characters_reserved_per_url` of `GET /api/v2/instance`, else of `GET /api/v1/instance` (older
/// servers and other Mastodon-API servers), where `max_toot_chars` is the limit's older name; and
/// about images: `configuration.statuses.max_media_attachments` and
/// `configuration.media_attachments.image_size_limit`, `supported_mime_types` and
/// `description_limit` (Mastodon 4.4 and later), Pleroma's `upload_limit`. What a document leaves
/// out is Mastodon's default (``Limits/defaults``).
///
/// Asked until an answer comes, then kept for the publisher's life: the limits, and also an
/// instance's saying that it announces none (404, or an answer without a limit), so that neither
/// is asked again. Until then, and for an instance without limits, Mastodon's defaults (500, 23).
actor MastodonInstance {
    struct Limits: Sendable, Hashable {
        var maxCharacters: Int
        var charactersPerURL: Int
        var media: MediaLimits
        static let defaults = Limits(maxCharacters: 500, charactersPerURL: 23, media: defaultMedia)
        /// Mastodon's own: 4 images of up to 16 MB, 1500 characters of description.
        static let defaultMedia = MediaLimits(maxImages: 4, maxImageBytes: 16 * 1024 * 1024, maxAltCharacters: 1_500)
    }

    /// What one document says: its limits, or that it has none to tell.
    private enum Answer {
        case limits(Limits)
        case none
    }

    private let exchange: HTTPExchange
    private let v2: String
    private let v1: String
    /// The kept answer: the limits, or nil inside when the instance announces none.
    private var known: Limits??
    /// Whether `/api/v2/instance` said it has nothing to tell, so that only v1 is asked again.
    private var v2HasNone = false

    init(exchange: HTTPExchange, baseURL: ServiceURL) {
        self.exchange = exchange
        self.v2 = baseURL.appending("/api/v2/instance")
        self.v1 = baseURL.appending("/api/v1/instance")
    }

    /// The instance's limits, or the defaults when it cannot be asked or announces none. Within a
    /// publish the look-up is optional (``CallDeadline``): a slow instance leaves time for the post.
    func limits() async -> Limits {
        await announced() ?? .defaults
    }

    /// The limits the instance announces; nil while it cannot be asked, or when it announces none.
    func announced() async -> Limits? {
        if let known { return known }
        if !v2HasNone {
            switch await ask(v2) {
            case .limits(let limits)?:
                return keep(limits)
            case .none?:
                v2HasNone = true
            case nil:
                exchange.logger.debug("instance limits unavailable; using 500 characters")
                return nil
            }
        }
        switch await ask(v1) {
        case .limits(let limits)?:
            return keep(limits)
        case .none?:
            exchange.logger.debug("the instance announces no limits; using 500 characters")
            known = .some(nil)
            return nil
        case nil:
            exchange.logger.debug("instance limits unavailable; using 500 characters")
            return nil
        }
    }

    private func keep(_ limits: Limits) -> Limits {
        known = limits
        return limits
    }

    /// The answer of one document; nil when there was none to read (no reply, a 5xx, a 429).
    private func ask(_ url: String) async -> Answer? {
        guard case .success(let reply) = await exchange.send(.init(method: .get, url: url, isOptional: true)) else { return nil }
        guard reply.isSuccess else { return reply.status == 404 || reply.status == 410 ? Answer.none : nil }
        let object = reply.jsonObject
        let configuration = object?["configuration"] as? [String: Any]
        let statuses = configuration?["statuses"] as? [String: Any]
        let maxCharacters = ((statuses?["max_characters"] as? Int) ?? (object?["max_toot_chars"] as? Int)).flatMap { $0 > 0 ? $0 : nil }
        let media = Self.media(statuses: statuses, attachments: configuration?["media_attachments"] as? [String: Any], object: object)
        guard maxCharacters != nil || media != nil else { return Answer.none }
        return .limits(Limits(maxCharacters: maxCharacters ?? Limits.defaults.maxCharacters,
                              charactersPerURL: (statuses?["characters_reserved_per_url"] as? Int) ?? 23,
                              media: media ?? Limits.defaultMedia))
    }

    /// The image limits a document states, the rest Mastodon's defaults; nil when it states none.
    private static func media(statuses: [String: Any]?, attachments: [String: Any]?, object: [String: Any]?) -> MediaLimits? {
        let maxImages = (statuses?["max_media_attachments"] as? Int).flatMap { $0 > 0 ? $0 : nil }
        let maxBytes = ((attachments?["image_size_limit"] as? Int) ?? (object?["upload_limit"] as? Int)).flatMap { $0 > 0 ? $0 : nil }
        let maxAlt = (attachments?["description_limit"] as? Int).flatMap { $0 > 0 ? $0 : nil }
        let types = attachments?["supported_mime_types"] as? [String]
        guard maxImages != nil || maxBytes != nil || maxAlt != nil || types != nil else { return nil }
        let defaults = Limits.defaultMedia
        return MediaLimits(maxImages: maxImages ?? defaults.maxImages, maxImageBytes: maxBytes ?? defaults.maxImageBytes,
                           maxAltCharacters: maxAlt ?? defaults.maxAltCharacters,
                           formats: types.map { types in Set(ImageFormat.allCases.filter { types.contains($0.mediaType) }) } ?? defaults.formats)
    }
}
