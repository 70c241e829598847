import Foundation
import Logging

/// Makes the link card of a post: the first link of its text, the page fetched (HTML only, at most
/// ``maxPageBytes``), its Open Graph tags read, and its preview image fetched when it is a JPEG,
/// PNG, GIF or WebP of at most ``maxThumbnailBytes``; all of it within ``timeout``.
///
/// A card is a nicety: whatever goes wrong (no answer in time, a page too large, a redirect loop,
/// not HTML, an error status, neither a title nor a description) gives no card, and a preview image
/// that cannot be had gives a card without one; it never fails the post. Why is logged.
struct LinkCards: Sendable {
    let fetcher: PreviewFetcher
    /// The longest a card may take, page and image together (a call's own deadline may cut it shorter).
    var timeout: Duration = .seconds(5)

    static let maxPageBytes = 1_000_000
    /// `app.bsky.embed.external`'s `thumb` blob: at most 1,000,000 bytes.
    static let maxThumbnailBytes = 1_000_000

    /// The first `http(s)` link of `text`, as the text has it.
    static func firstLink(in text: String) -> String? {
        for entity in TextEntities.scan(text) {
            if case .link(let uri) = entity.kind { return uri }
        }
        return nil
    }

    /// The card of `text`'s first link, by `deadline` at the latest; nil when it has no link or no card can be made.
    func card(for text: String, until deadline: ContinuousClock.Instant) async -> LinkCard? {
        guard let link = Self.firstLink(in: text) else { return nil }
        let deadline = min(deadline, .now + timeout)
        let page: PreviewFetcher.Fetched
        switch await fetcher.fetch(link, accept: "text/html,application/xhtml+xml;q=0.9", maxBytes: Self.maxPageBytes, until: deadline) {
        case .success(let fetched): page = fetched
        case .failure(let failure): return noCard(link, "the page: \(failure)")
        }
        guard let mediaType = page.mediaType, ["text/html", "application/xhtml+xml"].contains(mediaType) else {
            return noCard(link, "the page is \(page.mediaType ?? "of no stated type"), not HTML")
        }
        let tags = OpenGraph.parse(page.body)
        guard tags.title != nil || tags.description != nil else { return noCard(link, "the page has neither a title nor a description") }
        var card = LinkCard(uri: link, title: tags.title ?? "", description: tags.description ?? "")
        if let image = tags.image {
            card.thumbnail = await thumbnail(image, page: page.url, link: link, until: deadline)
        }
        return card
    }

    private func thumbnail(_ image: String, page: URL, link: String, until deadline: ContinuousClock.Instant) async -> LinkCard.Thumbnail? {
        guard let url = PreviewFetcher.webURL(image, relativeTo: page) else {
            fetcher.logger.debug("link card of \(RedactedURL.shown(link)) without a preview image: \(RedactedURL.shown(image)) is not an http or https URL")
            return nil
        }
        switch await fetcher.fetch(url.absoluteString, accept: "image/*", maxBytes: Self.maxThumbnailBytes, until: deadline) {
        case .success(let fetched):
            guard let format = ThumbnailSignature.format(of: fetched.body) else {
                fetcher.logger.debug("link card of \(RedactedURL.shown(link)) without a preview image: it is not a JPEG, PNG, GIF or WebP")
                return nil
            }
            return LinkCard.Thumbnail(bytes: fetched.body, format: format)
        case .failure(let failure):
            fetcher.logger.debug("link card of \(RedactedURL.shown(link)) without a preview image: \(failure)")
            return nil
        }
    }

    private func noCard(_ link: String, _ reason: String) -> LinkCard? {
        fetcher.logger.info("no link card for \(RedactedURL.shown(link)): \(reason)")
        return nil
    }
}
