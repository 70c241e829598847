import PacerCore

/// The format of an image fetched from the web, told by its first bytes (its signature), never by
/// the server's `Content-Type`: JPEG `FF D8 FF`, PNG's eight-byte signature, `GIF87a`/`GIF89a`,
/// WebP's `RIFF….WEBP`. It only says what the bytes claim to be; a card's thumbnail needs no more,
/// because the platform decodes it and a broken one only shows no picture.
enum ThumbnailSignature {
    static func format(of bytes: [UInt8]) -> ImageFormat? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }
}
