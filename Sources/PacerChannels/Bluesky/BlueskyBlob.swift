import Foundation

/// A blob as `com.atproto.repo.uploadBlob` answers it (`{"blob": …}`) and a record refers to it:
/// `{"$type":"blob","ref":{"$link":"<CID>"},"mimeType":"image/png","size":1234}`.
struct BlueskyBlob: Codable, Sendable, Hashable {
    /// The CID of the bytes.
    let link: String
    let mimeType: String
    let size: Int

    private enum Key: String, CodingKey { case type = "$type", ref, mimeType, size }
    private enum RefKey: String, CodingKey { case link = "$link" }

    init(link: String, mimeType: String, size: Int) {
        self.link = link
        self.mimeType = mimeType
        self.size = size
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard try container.decode(String.self, forKey: .type) == "blob" else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "not a blob")
        }
        link = try container.nestedContainer(keyedBy: RefKey.self, forKey: .ref).decode(String.self, forKey: .link)
        mimeType = try container.decode(String.self, forKey: .mimeType)
        size = try container.decode(Int.self, forKey: .size)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("blob", forKey: .type)
        var ref = container.nestedContainer(keyedBy: RefKey.self, forKey: .ref)
        try ref.encode(link, forKey: .link)
        try container.encode(mimeType, forKey: .mimeType)
        try container.encode(size, forKey: .size)
    }

    /// The blob of an uploadBlob reply's body; nil when it holds none.
    static func fromUploadReply(_ body: [UInt8]) -> BlueskyBlob? {
        struct Reply: Decodable { let blob: BlueskyBlob }
        return try? JSONDecoder().decode(Reply.self, from: Data(body)).blob
    }
}
