import NIOCore

/// A `multipart/form-data` body (RFC 7578) for an image upload, built in one buffer: text fields,
/// and the image's file part, whose bytes are read from the state directory straight into it
/// (``StoredImageBytes``), so the image is in memory once.
struct MultipartBody {
    /// Random, so that no image or text can contain it by chance (RFC 2046, section 5.1.1).
    let boundary: String
    private var buffer: ByteBuffer

    /// A body with room for `expectedBytes` of file content besides the fields.
    init(expectedBytes: Int) {
        boundary = "pacer-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        buffer = ByteBufferAllocator().buffer(capacity: expectedBytes + StoredImageBytes.readSlack + 2048)
    }

    /// The `Content-Type` header of the request.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// A text field; `value` goes as UTF-8.
    mutating func addField(_ name: String, _ value: String) {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    /// The file part `name` with the bytes of `image`, checked (``StoredImageBytes``).
    mutating func addImage(_ name: String, _ image: PublicationImage, label: String) throws(ImageUploadStop) {
        let filename = "\(image.sha256.prefix(16)).\(image.format.fileExtension)"
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
                           + "Content-Type: \(image.format.mediaType)\r\n\r\n")
        try StoredImageBytes.append(image, label: label, to: &buffer)
        buffer.writeString("\r\n")
    }

    /// The finished body.
    mutating func finished() -> ByteBuffer {
        buffer.writeString("--\(boundary)--\r\n")
        return buffer
    }
}
