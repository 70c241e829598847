extension Publication {
    /// Whether the post is more than a text: a thread, or a post with images. The channels that
    /// publish a whole post in one call then describe it part by part (an outbox file's parts, a
    /// command's manifest, a webhook body's `parts`); a text alone reaches them as it always has.
    var hasPartsOrImages: Bool {
        isThread || parts.contains { !$0.images.isEmpty }
    }

    /// Every part's text, in order, separated by a blank line: what a command program or a webhook
    /// receiver written for posts of one text is given of a thread. The first part's text alone
    /// for a post that is not a thread.
    var wholeText: String {
        parts.map(\.text).joined(separator: "\n\n")
    }
}
