/// Removes what an image says about where it was taken and with what, before Pacer stores and
/// uploads it: Exif (GPS, camera make, model and serial number), XMP, IPTC, comments and text
/// chunks. The pixels are untouched: the image data is copied byte for byte, never decoded or
/// re-encoded. Kept: what displays the image as it was meant, its colour profile and (JPEG, PNG)
/// its Exif Orientation, written back alone.
public enum MetadataRemoval {
    /// The image with location and device metadata removed, pixels untouched.
    public static func clean(_ bytes: [UInt8]) throws(ImageError) -> CleanedImage {
        let (facts, pieces) = try ImageInspector.read(bytes)
        var (cleaned, removed) = ImagePiece.assemble(pieces, of: bytes)
        if facts.format == .webp { WebPFile.fixHeader(of: &cleaned) }
        return CleanedImage(bytes: cleaned, facts: facts, removed: removed)
    }
}
