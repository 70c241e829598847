import Foundation
import PacerCore

/// An `app.bsky.feed.post` record: `text`, `createdAt`, `langs`, rich-text `facets` (byte ranges of
/// the UTF-8 text) for links, mentions and hashtags, the post's `tags`, its images or link card
/// (`embed`), and for a thread part the posts it replies to (`reply`). The publisher checks
/// ``BlueskyRecordLimits`` before it makes one, so every record it sends fits the lexicon.
struct BlueskyPost: Encodable {
    let text: String
    let createdAt: String
    let langs: [String]?
    let facets: [Facet]?
    let tags: [String]?
    let embed: BlueskyEmbed?
    let reply: ReplyRef?

    private enum Key: String, CodingKey { case type = "$type", text, createdAt, langs, facets, tags, embed, reply }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("app.bsky.feed.post", forKey: .type)
        try container.encode(text, forKey: .text)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(langs, forKey: .langs)
        try container.encodeIfPresent(facets, forKey: .facets)
        try container.encodeIfPresent(tags, forKey: .tags)
        try container.encodeIfPresent(embed, forKey: .embed)
        try container.encodeIfPresent(reply, forKey: .reply)
    }

    /// `app.bsky.feed.post#replyRef`: the thread's first post and the post this one answers.
    struct ReplyRef: Encodable, Hashable {
        let root: StrongRef
        let parent: StrongRef
    }

    /// `com.atproto.repo.strongRef`: a record's `at://` URI and the CID of the version meant.
    struct StrongRef: Encodable, Hashable {
        let uri: String
        let cid: String
    }

    /// `app.bsky.richtext.facet`.
    struct Facet: Encodable, Hashable {
        struct Index: Encodable, Hashable { let byteStart: Int; let byteEnd: Int }
        let index: Index
        let features: [Feature]
    }

    /// `app.bsky.richtext.facet#link`, `#mention` or `#tag`.
    enum Feature: Encodable, Hashable {
        case link(uri: String)
        case mention(did: String)
        case tag(String)

        private enum Key: String, CodingKey { case type = "$type", uri, did, tag }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            switch self {
            case .link(let uri):
                try container.encode("app.bsky.richtext.facet#link", forKey: .type)
                try container.encode(uri, forKey: .uri)
            case .mention(let did):
                try container.encode("app.bsky.richtext.facet#mention", forKey: .type)
                try container.encode(did, forKey: .did)
            case .tag(let tag):
                try container.encode("app.bsky.richtext.facet#tag", forKey: .type)
                try container.encode(tag, forKey: .tag)
            }
        }
    }

    /// The record for the part of `publication` this call publishes; `resolve` turns a handle into
    /// a DID (nil: no mention facet).
    static func make(_ publication: Publication, createdAt: Date, language: String?, embed: BlueskyEmbed? = nil, reply: ReplyRef? = nil,
                     resolve: (String) async -> String?) async -> BlueskyPost {
        var facets: [Facet] = []
        for entity in TextEntities.scan(publication.text) {
            let feature: Feature?
            switch entity.kind {
            case .link(let uri): feature = .link(uri: uri)
            case .mention(let handle): feature = await resolve(handle).map { .mention(did: $0) }
            case .hashtag(let tag): feature = .tag(tag)
            }
            if let feature {
                facets.append(Facet(index: .init(byteStart: entity.utf8Range.lowerBound, byteEnd: entity.utf8Range.upperBound), features: [feature]))
            }
        }
        let tags = BlueskyRecordLimits.recordTags(publication.tags)
        return BlueskyPost(text: publication.text, createdAt: ISOInstant.format(createdAt), langs: language.map { [$0] },
                           facets: facets.isEmpty ? nil : facets, tags: tags.isEmpty ? nil : tags, embed: embed, reply: reply)
    }
}
