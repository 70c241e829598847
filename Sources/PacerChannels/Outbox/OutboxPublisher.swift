#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PacerCore
import PacerPOSIX
import Synchronization

/// The embedded default channel: each published delivery becomes one text file in a directory,
/// every part of a thread in it, with copies of its images beside it (``OutboxDocument``).
///
/// The images are copied first, each to a temporary name, flushed with `fsync` and renamed into
/// place, and the directory is flushed; then the text file is written the same way. So a text file
/// that exists is complete and durable and so are its images, and because its name contains the
/// delivery id the outbox can always prove whether a delivery went out: images without their text
/// file are what a crash left of a delivery that did not go out, and are written again.
///
/// A delivery claimed ahead of its instant is prepared: its images and text are written and
/// flushed under their temporary names then, and at the instant only the renames and the
/// directory's flushes remain.
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

    /// Writes and flushes the images and the file under their temporary names, its `Published-At`
    /// the planned instant (or `now`, if that is later); a failure is left for `publish` to report.
    public func prepare(_ publication: Publication, now: Date) async {
        let final = path(for: publication.deliveryID)
        do {
            try Files.makeDirectories(directory, mode: 0o700)
            guard !Files.exists(final) else { return }
            try writeImages(of: publication)
            let document = OutboxDocument(publication: publication, publishedAt: max(publication.plannedAt, now))
            try Files.writeFlushed(document.text, to: Files.temporaryPath(for: final))
            prepared.insert(publication.deliveryID)
        } catch {
            prepared.remove(publication.deliveryID)
        }
    }

    public func publish(_ publication: Publication, now: Date) async -> PublishOutcome {
        let final = path(for: publication.deliveryID)
        do {
            if prepared.remove(publication.deliveryID) {
                try placeImages(of: publication)
                try Files.moveDurably(Files.temporaryPath(for: final), to: final)
                return .published(url: "file://" + final, externalID: nil)
            }
            try Files.makeDirectories(directory, mode: 0o700)
            if Files.exists(final) { return .published(url: "file://" + final, externalID: nil) }
            try writeImages(of: publication)
            try placeImages(of: publication)
            try Files.writeDurably(OutboxDocument(publication: publication, publishedAt: now).text, to: final)
            return .published(url: "file://" + final, externalID: nil)
        } catch {
            return .failed(reason: "outbox \(directory): \(error)", status: nil)
        }
    }

    public func reconcile(deliveryID: DeliveryID, claimedAt: Date?, now: Date) async -> Reconciliation {
        let final = path(for: deliveryID)
        return Files.exists(final) ? .published(url: "file://" + final) : .notPublished
    }

    /// The image copies of `publication`, where they go beside its text file.
    private func imagePaths(of publication: Publication) -> [(source: String, destination: String)] {
        OutboxDocument.imageFiles(of: publication).joined().map { ($0.image.path, "\(directory)/\($0.name)") }
    }

    /// Copies each image, one at a time, to its temporary name and flushes it.
    private func writeImages(of publication: Publication) throws(SystemCallError) {
        for image in imagePaths(of: publication) {
            try FlushedCopy.copy(image.source, to: Files.temporaryPath(for: image.destination))
        }
    }

    /// Renames the written images into place and flushes the directory, before the text file is.
    private func placeImages(of publication: Publication) throws(SystemCallError) {
        let images = imagePaths(of: publication)
        guard let last = images.last else { return }
        for image in images {
            try systemCall("rename", image.destination) { rename(Files.temporaryPath(for: image.destination), image.destination) }
        }
        try Files.syncDirectory(containing: last.destination)
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
