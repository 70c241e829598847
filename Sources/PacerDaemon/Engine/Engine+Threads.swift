import Foundation
import PacerChannels
import PacerCore
import PacerStore

/// A thread on a channel that posts part by part: each part is its own durable step. A part's
/// start is committed before its call and its publication as soon as the channel confirms it, so
/// a crash leaves at most that one part in doubt, and a thread stopped between parts resumes with
/// the next part, never posting one twice.
extension Engine {
    /// What comes after a thread part went out.
    enum ThreadStep {
        /// The next part's call, its start committed.
        case next(InFlight)
        /// pacerd is stopping: the delivery is queued again and resumes with the next part.
        case paused
        /// It was the last part; the first part, where the thread begins.
        case last(DeliveryPart)
    }

    /// A claimed delivery thought to have parts left finds every part out.
    struct ThreadAlreadyOut: Error, CustomStringConvertible {
        let delivery: DeliveryID
        var description: String { "every part of delivery \(delivery) is already out; it is not sent again" }
    }

    /// What the channel of a claimed delivery is given: every part of the post as this channel
    /// posts it (its own texts, else the post's), each with its images. A channel that posts part
    /// by part gets the first part not yet out, replying to the parts before it, and that part's
    /// start is committed.
    func publication(of claim: Claim, publisher: any Publisher, plannedAt: Date, now: Date) throws -> Publication {
        let texts = claim.delivery.parts(of: claim.post)
        let parts = texts.enumerated().map { index, text in
            PublicationPart(text: text, images: publicationImages(of: claim.post.images.filter { $0.part == index + 1 }))
        }
        var publication = Publication(
            deliveryID: claim.delivery.id, postID: claim.post.id, channel: claim.delivery.channel, parts: parts, title: claim.post.title,
            tags: claim.post.tags, plannedAt: plannedAt, installation: store.installationID)
        guard publisher.publishesPartByPart, parts.count > 1 else { return publication }
        let out = try store.parts(of: claim.delivery.id).filter { $0.publishedAt != nil }
        guard out.count < parts.count else { throw ThreadAlreadyOut(delivery: claim.delivery.id) }
        publication.partIndex = out.count
        if let root = out.first, let parent = out.last {
            publication.replyTo = ThreadReply(root: Self.reference(root), parent: Self.reference(parent))
        }
        try store.startPart(out.count + 1, of: claim.delivery.id, now: now)
        return publication
    }

    /// Records, durably, that a thread part went out, and says what comes next.
    func publishedPart(
        _ inFlight: InFlight, url: String?, externalID: String?, contentID: String?, now: Date, fields: [String: String]
    ) throws -> ThreadStep {
        let claim = inFlight.claim
        let number = inFlight.publication.partIndex + 1, count = inFlight.publication.parts.count
        try store.finishPart(number, of: claim.delivery.id, externalID: externalID, contentID: contentID, url: url, now: now)
        let out = try store.parts(of: claim.delivery.id)
        if number == count { return .last(out[0]) }
        events.record(
            .partPublished, "published part \(number) of \(count) of post \(claim.post.id) on \(claim.delivery.channel)" + (url.map { " at \($0)" } ?? ""),
            post: claim.post.id, delivery: claim.delivery.id, channel: claim.delivery.channel,
            fields: fields.merging(["url": url ?? ""]) { $1 })
        if state.isStopping {
            let reason = "pacerd stopped after part \(number) of \(count); the thread resumes with part \(number + 1)"
            _ = try store.finish(claim, result: .retry(reason: reason, httpStatus: nil, notBefore: now, consumesAttempt: true), now: now)
            events.record(.retrying, "post \(claim.post.id) on \(claim.delivery.channel): \(reason)", level: .notice,
                          post: claim.post.id, delivery: claim.delivery.id, channel: claim.delivery.channel, fields: fields)
            return .paused
        }
        var publication = inFlight.publication
        publication.partIndex = number
        publication.replyTo = ThreadReply(root: Self.reference(out[0]), parent: Self.reference(out[number - 1]))
        try store.startPart(number + 1, of: claim.delivery.id, now: clock())
        return .next(InFlight(claim: claim, publication: publication, publisher: inFlight.publisher, preparation: nil))
    }

    /// After a crash, a thread whose started parts are all out is in no doubt: it is published
    /// when every part is out, else queued again to go on with the next part. Returns false when a
    /// part is in doubt, for the usual reconciliation (only the first part, whose key is the
    /// delivery's, can be proven; a later one waits for a person).
    func recoverThread(_ delivery: StoredDelivery) throws -> Bool {
        let started = try store.parts(of: delivery.id)
        guard !started.isEmpty, let post = try store.post(delivery.postID) else { return false }
        let count = delivery.parts(of: post).count
        if let inDoubt = started.first(where: { $0.publishedAt == nil }) {
            guard inDoubt.part > 1 else { return false }
            events.record(
                .unknown, "part \(inDoubt.part) of \(count) of delivery \(delivery.id) was interrupted mid-call; it may or may not have gone out and will not be sent again on its own (pacer confirm)",
                level: .warning, post: delivery.postID, delivery: delivery.id, channel: delivery.channel, fields: ["part": String(inDoubt.part)])
            return true
        }
        if started.count >= count {
            _ = try store.resolveUnknown(delivery.id, published: true, url: started[0].url, now: clock())
            events.record(.reconciled, "delivery \(delivery.id) was interrupted after its last part; every part is out",
                          post: delivery.postID, delivery: delivery.id, channel: delivery.channel)
        } else {
            _ = try store.resolveUnknown(delivery.id, published: false, url: nil, now: clock())
            events.record(
                .reconciled, "delivery \(delivery.id) was interrupted between parts \(started.count) and \(started.count + 1); queued again to go on with part \(started.count + 1)",
                post: delivery.postID, delivery: delivery.id, channel: delivery.channel, fields: ["part": String(started.count + 1)])
        }
        return true
    }

    private static func reference(_ part: DeliveryPart) -> PublishedPart {
        PublishedPart(externalID: part.externalID ?? "", contentID: part.contentID)
    }
}
