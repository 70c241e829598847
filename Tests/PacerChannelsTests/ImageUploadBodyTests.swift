import Foundation
import NIOCore
import PacerCore
import Testing
@testable import PacerChannels

/// An upload's body holds the image once: it is read from the state directory straight into the
/// buffer that is sent, which is sized so that the read never grows it (growing reallocates the
/// image into a buffer of twice the size). NIO rounds a buffer's capacity up to a power of two, so
/// an image just under one shows a growth.
struct ImageUploadBodyTests {
    /// 2 MiB less 4 KiB: the image and the body's framing fit under 2 MiB, the read's free space does not.
    let nearlyTwoMiB = (1 << 21) - 4096

    @Test func aMultipartBodyIsNeverGrownWhileTheImageIsRead() async throws {
        try await Harness.with { harness in
            let bytes = imageBytes(41, count: nearlyTwoMiB)
            let image = try storedImage(harness, bytes)
            var empty = MultipartBody(expectedBytes: image.byteCount)
            let allocated = empty.finished().capacity
            var body = MultipartBody(expectedBytes: image.byteCount)
            try body.addImage("file", image, label: "image 1")
            body.addField("description", image.alt ?? "")
            let finished = body.finished()
            #expect(finished.readableBytes > bytes.count)
            #expect(finished.capacity == allocated, "the buffer grew from \(allocated) to \(finished.capacity) bytes while the image was read")
        }
    }

    @Test func aRawUploadBufferIsNeverGrownWhileTheImageIsRead() async throws {
        try await Harness.with { harness in
            let image = try storedImage(harness, imageBytes(42, count: nearlyTwoMiB))
            var buffer = ByteBufferAllocator().buffer(capacity: image.byteCount + StoredImageBytes.readSlack)
            let capacity = buffer.capacity
            try StoredImageBytes.append(image, label: "image 1", to: &buffer)
            #expect(buffer.readableBytes == image.byteCount)
            #expect(buffer.capacity == capacity)
        }
    }
}
