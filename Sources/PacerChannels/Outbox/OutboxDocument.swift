import Foundation
import PacerCore

/// What the outbox writes for a delivery: its text file and the names of the image copies beside it.
///
/// The text file is a header of `Key: value` lines, a blank line and the first part's text. A
/// part's images are named in its header in order, each an `Image: <file>` line followed by an
/// `Alt: <text>` line unless it has no alt text (the lines after the first of a multi-line alt text
/// begin with a space). A thread's header says `Parts: <n>`; each later part follows the text
/// before it as a blank line, a line `--- part <k> of <n> ---`, its own `Image`/`Alt` lines, a blank
/// line and its text. A post of one part without images is the header, a blank line and its text.
struct OutboxDocument {
    /// An image of the delivery and the name of its copy, in the text file's directory.
    struct ImageFile {
        let image: PublicationImage
        let name: String
    }

    let publication: Publication
    let publishedAt: Date

    /// The images of each part, named `delivery-<id>-<n>.<extension>` with `n` counted from 1
    /// across the whole thread, so that the names sort in the order the post shows them.
    static func imageFiles(of publication: Publication) -> [[ImageFile]] {
        var number = 0
        return publication.parts.map { part in
            part.images.map { image in
                number += 1
                return ImageFile(image: image, name: "delivery-\(publication.deliveryID)-\(number).\(image.format.fileExtension)")
            }
        }
    }

    /// The text file's content.
    var text: String {
        let images = Self.imageFiles(of: publication)
        var header = [
            "Post-Id: \(publication.postID)",
            "Delivery-Id: \(publication.deliveryID)",
            "Channel: \(publication.channel)",
            "Planned-At: \(ISOInstant.format(publication.plannedAt))",
            "Published-At: \(ISOInstant.format(publishedAt))",
        ]
        if let title = publication.title { header.append("Title: \(title)") }
        if !publication.tags.isEmpty { header.append("Tags: \(publication.tags.joined(separator: ", "))") }
        if publication.isThread { header.append("Parts: \(publication.parts.count)") }
        var content = (header + Self.imageLines(images[0])).joined(separator: "\n") + "\n\n" + publication.parts[0].text + "\n"
        for index in publication.parts.indices.dropFirst() {
            let lines = ["", "--- part \(index + 1) of \(publication.parts.count) ---"] + Self.imageLines(images[index]) + ["", publication.parts[index].text]
            content += lines.joined(separator: "\n") + "\n"
        }
        return content
    }

    /// `Image:` and `Alt:` lines naming `images`.
    private static func imageLines(_ images: [ImageFile]) -> [String] {
        images.flatMap { file in
            let alt = file.image.alt.map { "Alt: " + $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "\n ") }
            return ["Image: \(file.name)"] + (alt.map { [$0] } ?? [])
        }
    }
}
