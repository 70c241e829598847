/// The reasons an image is refused, worded once so every format says them alike: what is wrong,
/// then how to fix it.
extension ImageError {
    static let maxSide = 65_535
    static let maxPixels = 250_000_000

    static func notAnImage(_ bytes: [UInt8]) -> ImageError {
        if bytes.isEmpty {
            return ImageError("not an image Pacer can publish: the file is empty; export the image again as JPEG, PNG, GIF or WebP")
        }
        if let known = otherFormatName(bytes) {
            return ImageError("not an image Pacer can publish: it is \(known), and Pacer publishes JPEG, PNG, GIF and WebP; export it as one of those")
        }
        let shown = bytes.prefix(8).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }
        return ImageError(
            "not an image Pacer can publish: it is neither JPEG, PNG, GIF nor WebP (its first bytes are \(shown.joined(separator: " "))); export it as one of those")
    }

    /// "the JPEG ends inside a segment: the file is damaged or incomplete; export it again".
    static func damaged(_ format: ImageFormat, _ what: String) -> ImageError {
        ImageError("the \(format.displayName) \(what): the file is damaged or incomplete; export it again")
    }

    static func size(_ format: ImageFormat, width: Int, height: Int) -> ImageError? {
        if width <= 0 || height <= 0 {
            return ImageError("the \(format.displayName) says it is \(width)×\(height) pixels: the file is damaged; export it again")
        }
        if width > maxSide || height > maxSide || width * height > maxPixels {
            return ImageError(
                "the \(format.displayName) is \(width)×\(height) pixels, larger than Pacer publishes "
                    + "(at most \(maxSide) pixels a side and 250 megapixels): scale it down and export it again")
        }
        return nil
    }

    /// Formats people often have instead (a phone's HEIC photo, a scan's TIFF), named so the
    /// message says what the file is.
    private static func otherFormatName(_ bytes: [UInt8]) -> String? {
        let reader = ByteReader(bytes: bytes)
        if reader.matches(Array(ascii: "ftyp"), at: 4) {
            for (brand, name) in [("avif", "AVIF"), ("avis", "AVIF"), ("heic", "HEIC"), ("heix", "HEIC"), ("mif1", "HEIF"), ("msf1", "HEIF")]
            where reader.matches(Array(ascii: brand), at: 8) {
                return name
            }
        }
        if reader.matches([0x49, 0x49, 0x2A, 0x00], at: 0) || reader.matches([0x4D, 0x4D, 0x00, 0x2A], at: 0) { return "TIFF" }
        if reader.matches(Array(ascii: "%PDF"), at: 0) { return "a PDF" }
        if reader.matches(Array(ascii: "BM"), at: 0) && bytes.count >= 14 { return "BMP" }
        return nil
    }
}

extension ImageFacts {
    /// The facts, once their size is checked: at least one pixel each way, and not so large that
    /// no platform takes it.
    static func checked(_ format: ImageFormat, width: Int, height: Int) throws(ImageError) -> ImageFacts {
        if let error = ImageError.size(format, width: width, height: height) { throw error }
        return ImageFacts(format: format, width: width, height: height)
    }
}
