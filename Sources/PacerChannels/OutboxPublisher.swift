import Foundation
import PacerCore
import PacerPOSIX
import Synchronization

/// The embedded default channel: each published delivery becomes one file in a directory.
///
/// The file is written to a temporary name, flushed with `fsync`, renamed into place, and the
/// directory is flushed too, so a file that exists is complete and durable. Because the final
/// name contains the delivery id, the outbox can always prove whether a delivery went out.
///
/// A delivery claimed ahead of its instant is prepared: its file is written and flushed under the
/// temporary name then, and at the instant only the rename and the directory's flush remain.
public struct OutboxPublisher: Publisher {
    /// The directory the files go to.
    public let directory: String
    /// The deliveries this process prepared and has not published yet: only these temporary
    /// files are known to be complete (one left by an earlier process may not be).
    private let prepared = PreparedDeliveries()

    public init(directory: String) {
        self.directory = directory
    }

    /// The file that holds (or will hold) a delivery.
    public func path(for deliveryID: DeliveryID) -> String {
        "\(directory)/delivery-\(deliveryID).txt"
    }

    /// Writes and flushes the file under its temporary name, its `Published-At` the planned
    /// instant (or `now`, if that is later); a failure is left for `publish` to report.
    public func prepare(_ publication: Publication, now: Date) async {
        let final = path(for: publication.deliveryID)
        do {
            try Files.makeDirectories(directory, mode: 0o700)
            guard !Files.exists(final) else { return }
            try Files.writeFlushed(Self.render(publication, publishedAt: max(publication.plannedAt, now)), to: Files.temporaryPath(for: final))
            prepared.insert(publication.deliveryID)
        } catch {
            prepared.remove(publication.deliveryID)
        }
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        let final = path(for: publication.deliveryID)
        do {
            if prepared.remove(publication.deliveryID) {
                try Files.moveDurably(Files.temporaryPath(for: final), to: final)
                return .published(url: "file://" + final, externalID: nil)
            }
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

/// The ids of deliveries whose outbox file is prepared, shared by the copies of one publisher.
private final class PreparedDeliveries: Sendable {
    private let ids = Mutex<Set<DeliveryID>>([])

    func insert(_ id: DeliveryID) { ids.withLock { _ = $0.insert(id) } }

    /// Removes `id`; whether it was there.
    @discardableResult
    func remove(_ id: DeliveryID) -> Bool { ids.withLock { $0.remove(id) != nil } }
}
