import Foundation
import PacerCore
import PacerPOSIX

/// The embedded default channel: each published delivery becomes one file in a directory.
///
/// The file is written to a temporary name, flushed with `fsync`, renamed into place, and the
/// directory is flushed too, so a file that exists is complete and durable. Because the final
/// name contains the delivery id, the outbox can always prove whether a delivery went out.
public struct OutboxPublisher: Publisher {
    /// The directory the files go to.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The file that holds (or will hold) a delivery.
    public func path(for deliveryID: DeliveryID) -> String {
        "\(directory)/delivery-\(deliveryID).txt"
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        let final = path(for: publication.deliveryID)
        do {
            try Files.makeDirectories(directory, mode: 0o700)
            if Files.exists(final) { return .published(url: "file://" + final, externalID: nil) }
            try Files.writeDurably(Self.render(publication, publishedAt: now), to: final)
            return .published(url: "file://" + final, externalID: nil)
        } catch {
            return .failed(reason: "outbox \(directory): \(error)", status: nil)
        }
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        let final = path(for: deliveryID)
        return Files.exists(final) ? .published(url: "file://" + final) : .notPublished
    }

    /// The file's content: a small header, a blank line, the text.
    static func render(_ publication: Publication, publishedAt: Date) -> String {
        var header = [
            "Post-Id: \(publication.postID)",
            "Delivery-Id: \(publication.deliveryID)",
            "Channel: \(publication.channel)",
            "Planned-At: \(ISOInstant.format(publication.plannedAt))",
            "Published-At: \(ISOInstant.format(publishedAt))",
        ]
        if let title = publication.title { header.append("Title: \(title)") }
        if !publication.tags.isEmpty { header.append("Tags: \(publication.tags.joined(separator: ", "))") }
        return header.joined(separator: "\n") + "\n\n" + publication.text + "\n"
    }
}
