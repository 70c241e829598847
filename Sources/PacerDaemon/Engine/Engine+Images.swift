import Foundation
import PacerChannels
import PacerCore
import PacerPOSIX
import PacerStore

enum MediaIntake {
    /// How much of an image file pacerd reads at most: more than any platform takes.
    static let readLimit = 64 * 1_048_576
    /// Images per post (per thread part), whatever a channel takes: what every platform's
    /// composer shows and what a follower's timeline is built for.
    static let maxImagesPerPart = 4
}

/// A post's images at `add` and `edit`: read from the paths given, location and device metadata
/// removed, checked against each channel's limits, and kept in the store's media library before
/// the post is committed.
extension Engine {
    /// An image as a request names it.
    struct ImageRequest: Equatable {
        /// Absolute.
        var path: String
        var alt: String?
        /// The thread part it belongs to, from 1.
        var part = 1
    }

    /// Asks every platform channel's publisher what it takes as images; the answers come back to
    /// the queue. Until one answers, and for outbox, command and webhook, which take Pacer's own
    /// bounds, a channel is checked against those. (Asking them too started Swift's task threads,
    /// and with them libdispatch's once-a-second pool monitor, in an otherwise idle pacerd.)
    func learnMediaLimits() {
        dispatchPrecondition(condition: .onQueue(queue))
        for (name, publisher) in publishers {
            switch config.channel(named: name)?.kind {
            case .mastodon?, .bluesky?, .linkedin?, .x?: break
            case .outbox?, .command?, .webhook?, nil: continue
            }
            Task.detached { [self] in
                let limits = await publisher.mediaLimits()
                queue.async {
                    guard self.config.channel(named: name) != nil else { return }
                    self.mediaLimits[name] = limits
                }
            }
        }
    }

    /// The post's images, checked and kept (unless `keep` is false, for a dry run). Refuses with
    /// the first image that cannot go to every channel; nothing is stored for the post then (a
    /// file already kept is removed by the next clean-up, as no post needs it).
    func intake(
        _ images: [ImageRequest], noAltText: Bool, channels: [String], keep: Bool, editing: PostID?, now: Date, notes: inout [String]
    ) throws -> [PostImage] {
        guard !images.isEmpty else { return [] }
        var kept: [PostImage] = []
        var findings: [String] = []
        let perPart = Dictionary(grouping: images, by: \.part).sorted { $0.key < $1.key }
        func which(_ part: Int) -> String { perPart.count > 1 || part > 1 ? "part \(part) has" : "this post has" }
        for (part, partImages) in perPart where partImages.count > MediaIntake.maxImagesPerPart {
            findings.append("a post has at most \(MediaIntake.maxImagesPerPart) images, and \(which(part)) \(partImages.count); remove \(partImages.count - MediaIntake.maxImagesPerPart), or give them a thread part of their own")
        }
        for channel in channels {
            let limits = mediaLimits[channel] ?? .pacerDefault
            for (part, partImages) in perPart where partImages.count > limits.maxImages && partImages.count <= MediaIntake.maxImagesPerPart {
                findings.append("\(channel) takes at most \(limits.maxImages) images per post, and \(which(part)) \(partImages.count); remove \(partImages.count - limits.maxImages)")
            }
        }
        if !findings.isEmpty { throw RequestError.beyondMediaLimits(findings) }
        for image in images {
            let alt = image.alt.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            if alt == nil, !noAltText { throw RequestError.missingAlt(image.path) }
            if let alt, let finding = ControlCharacters.firstForbidden(in: alt, lineBreaks: true) {
                throw RequestError.badAlt(image.path, finding)
            }
            let bytes: [UInt8]
            do {
                bytes = try Files.read(image.path, limit: MediaIntake.readLimit)
            } catch {
                throw RequestError.unreadableImage(image.path, error)
            }
            let cleaned: CleanedImage
            do {
                cleaned = try MetadataRemoval.clean(bytes)
            } catch {
                throw RequestError.badImage(image.path, error)
            }
            for channel in channels {
                findings += Self.limitFindings(cleaned, alt: alt, path: image.path, channel: channel, limits: mediaLimits[channel] ?? .pacerDefault)
            }
            if !findings.isEmpty { throw RequestError.beyondMediaLimits(findings) }
            if !cleaned.removed.isEmpty {
                notes.append("removed \(RemovedMetadata.summary(of: cleaned.removed)) from image \(image.path) before keeping it; its pixels are unchanged")
            }
            let sha256: String
            if keep {
                do {
                    sha256 = try store.media.keep(cleaned)
                } catch {
                    throw RequestError.keepingImageFailed(image.path, error)
                }
            } else {
                sha256 = MediaLibrary.sha256(of: cleaned.bytes)
            }
            kept.append(PostImage(sha256: sha256, facts: cleaned.facts, byteCount: cleaned.bytes.count, alt: alt, part: image.part))
        }
        let since = now.addingTimeInterval(-config.cadence.duplicateWindow.seconds)
        for (sha256, postID) in try store.postsWithImages(Set(kept.map(\.sha256)), publishedSince: since, excluding: editing) {
            guard let index = kept.firstIndex(where: { $0.sha256 == sha256 }) else { continue }
            notes.append("image \(images[index].path) is also in post \(postID), waiting or published within duplicate_window \(config.cadence.duplicateWindow)")
        }
        return kept
    }

    /// What about one cleaned image `channel` does not take.
    private static func limitFindings(_ image: CleanedImage, alt: String?, path: String, channel: String, limits: MediaLimits) -> [String] {
        var findings: [String] = []
        if !limits.formats.contains(image.facts.format) {
            let taken = ImageFormat.allCases.filter(limits.formats.contains).map { $0.rawValue.uppercased() }.joined(separator: ", ")
            findings.append("\(channel) does not take \(image.facts.format.rawValue.uppercased()) images (\(path)); convert it to one of \(taken)")
        }
        if image.bytes.count > limits.maxImageBytes {
            findings.append("image \(path) is \(ByteSize.words(image.bytes.count)) and \(channel) takes at most \(ByteSize.words(limits.maxImageBytes)) per image; export it smaller (fewer pixels, or JPEG)")
        }
        if let alt, alt.count > limits.maxAltCharacters {
            findings.append("the alt text of image \(path) is \(alt.count) characters and \(channel) takes at most \(limits.maxAltCharacters); shorten it by \(alt.count - limits.maxAltCharacters)")
        }
        return findings
    }

    /// Removes the stored image files no post needs any more: after a post is cancelled or has gone
    /// out everywhere, and at start. A failure to read the store leaves every file.
    func removeUnneededImages() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let needed = try? store.neededImages() else { return }
        let removed = store.media.removeAll(except: needed)
        if removed > 0 { events.logger.info("removed \(removed) image file(s) no post needs", metadata: [:]) }
    }

    /// What a channel is handed for these stored images.
    func publicationImages(of images: [PostImage]) -> [PublicationImage] {
        images.map { image in
            PublicationImage(
                path: store.media.path(sha256: image.sha256, format: image.facts.format), sha256: image.sha256, format: image.facts.format,
                byteCount: image.byteCount, width: image.facts.width, height: image.facts.height, alt: image.alt)
        }
    }
}
