import Testing

@testable import PacerCore

/// Image bytes are hostile input: truncated files, lengths that lie and random damage get an
/// `ImageError`, never a trap, an endless loop or a read past the end.
@Suite struct MediaHostileInputTests {
    @Test(arguments: MediaFixture.all)
    func everyTruncationIsRefused(_ fixture: MediaFixture) throws {
        let bytes = try fixture.bytes()
        var accepted: [Int] = []
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            let inspected = Result { () throws(ImageError) in try ImageInspector.inspect(prefix) }
            let cleaned = Result { () throws(ImageError) in try MetadataRemoval.clean(prefix) }
            if case .success = inspected { accepted.append(length) }
            if case .success = cleaned { accepted.append(length) }
        }
        #expect(accepted == [], "\(fixture.name) cut to these lengths was taken for an image")
    }

    /// Every byte of the fixture in turn set to values that make lengths lie (0x00, 0xFF, 0x80):
    /// each result is an error or an image that cleans again to itself.
    @Test(arguments: MediaFixture.all)
    func damageAnywhereGivesAnErrorOrAConsistentImage(_ fixture: MediaFixture) throws {
        let original = try fixture.bytes()
        for offset in original.indices {
            for value: UInt8 in [0x00, 0xFF, 0x80] where original[offset] != value {
                var damaged = original
                damaged[offset] = value
                guard let cleaned = try? MetadataRemoval.clean(damaged) else { continue }
                #expect(try MetadataRemoval.clean(cleaned.bytes).bytes == cleaned.bytes, "\(fixture.name), byte \(offset) = \(value)")
            }
        }
    }

    @Test func jpegLengthsThatLieAreRefused() throws {
        let photo = try MediaTools.fixture("phone-photo.jpg")
        // The first segment (APP0 at byte 2) claims more bytes than the file has.
        var tooLong = photo
        tooLong.replaceSubrange(4..<6, with: [0xFF, 0xF0])
        let truncated = Array(photo.prefix(30))
        for bytes in [tooLong, truncated] {
            #expect(throws: ImageError("the JPEG ends inside a segment: the file is damaged or incomplete; export it again")) {
                try MetadataRemoval.clean(bytes)
            }
        }
        var tooShort = photo
        tooShort.replaceSubrange(4..<6, with: [0x00, 0x01])
        #expect(throws: ImageError("the JPEG has a segment whose length (1) is shorter than its length field: the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(tooShort)
        }
        let noEnd = Array(photo.dropLast(2))
        #expect(throws: ImageError("the JPEG ends inside its image data, before its end marker (EOI): the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(noEnd)
        }
        #expect(throws: ImageError("the JPEG ends before its image data: the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect([0xFF, 0xD8, 0xFF, 0xD9])
        }
        // FF 00 is a stuffed byte inside image data, never a segment.
        #expect(throws: ImageError("the JPEG has other bytes where a segment should start (at byte 2): the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect([0xFF, 0xD8, 0xFF, 0x00, 0x00, 0x04] + photo.dropFirst(2))
        }
    }

    @Test func pngLengthsThatLieAreRefused() throws {
        let chart = try MediaTools.fixture("chart.png")
        // The chunk after IHDR (at byte 33) says it is longer than the file.
        var pastTheEnd = chart
        pastTheEnd.replaceSubrange(33..<37, with: [0x00, 0x10, 0x00, 0x00])
        #expect(throws: ImageError("the PNG ends inside its tEXt chunk, which says it holds 1048576 bytes: the file is damaged or incomplete; export it again")) {
            try MetadataRemoval.clean(pastTheEnd)
        }
        var beyondPNG = chart
        beyondPNG.replaceSubrange(33..<37, with: [0xFF, 0xFF, 0xFF, 0xF0])
        #expect(throws: ImageError.self) { try ImageInspector.inspect(beyondPNG) }
        let noHeader = MediaFixture.png(chart) { $0.replaceSubrange(12..<16, with: Array("IDAT".utf8)) }
        #expect(throws: ImageError("the PNG does not start with its header chunk (IHDR): the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(noHeader)
        }
        var flipped = chart
        flipped[chart.count - 100] ^= 0x01  // inside IDAT
        #expect(throws: ImageError("the PNG has a chunk (IDAT) whose checksum (CRC) does not match its bytes: the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(flipped)
        }
        #expect(throws: ImageError("the PNG ends before its end chunk (IEND): the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(Array(chart.dropLast(12)))
        }
    }

    @Test func gifAndWebPLengthsThatLieAreRefused() throws {
        let gif = try MediaTools.fixture("loop.gif")
        #expect(throws: ImageError("the GIF ends before its trailer: the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(Array(gif.dropLast()))
        }
        var webp = try MediaTools.fixture("photo.webp")
        webp.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: ImageError("the WebP ends before the length its RIFF header states: the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(webp)
        }
        var chunkTooLong = try MediaTools.fixture("photo.webp")
        chunkTooLong.replaceSubrange(16..<20, with: [0xFF, 0xFF, 0x00, 0x00])  // VP8X, the first chunk
        #expect(throws: ImageError("the WebP ends inside its VP8X chunk: the file is damaged or incomplete; export it again")) {
            try ImageInspector.inspect(chunkTooLong)
        }
    }
}
