extension ImageFormat {
    /// The format the first bytes announce (magic numbers, never the file's name), or nil. A file
    /// cut off inside its signature still counts as that format, so that it is called damaged
    /// rather than "not an image".
    static func detect(_ bytes: [UInt8]) -> ImageFormat? {
        let reader = ByteReader(bytes: bytes)
        func announces(_ signature: [UInt8]) -> Bool {
            !bytes.isEmpty && bytes.prefix(signature.count).elementsEqual(signature.prefix(bytes.count))
        }
        if announces([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if announces(PNGFile.signature) { return .png }
        if bytes.count >= 4 && (announces(Array(ascii: "GIF87a")) || announces(Array(ascii: "GIF89a"))) { return .gif }
        if reader.matches(Array(ascii: "RIFF"), at: 0) && (bytes.count < 12 || reader.matches(Array(ascii: "WEBP"), at: 8)) {
            return .webp
        }
        return nil
    }

    /// The name people know the format by, for messages.
    var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .gif: "GIF"
        case .webp: "WebP"
        }
    }
}
