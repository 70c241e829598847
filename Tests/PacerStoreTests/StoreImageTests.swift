import Foundation
import PacerCore
import Testing
@testable import PacerStore

/// A post's images in a real SQLite file, and the media library's files on a real disk.
struct StoreImageTests {
    let database: TemporaryDatabase
    let now = ISOInstant.parse("2026-12-01T09:00:00Z")!

    init() throws {
        database = try TemporaryDatabase()
    }

    private func cleaned(_ bytes: [UInt8]) -> CleanedImage {
        CleanedImage(bytes: bytes, facts: ImageFacts(format: .png, width: 3, height: 2), removed: [])
    }

    @Test func imagesAreStoredInOrderAndReadBackWithThePost() throws {
        let store = try Store(path: database.path)
        let images = [
            PostImage(sha256: "aa", facts: ImageFacts(format: .png, width: 3, height: 2), byteCount: 10, alt: "A chart"),
            PostImage(sha256: "bb", facts: ImageFacts(format: .jpeg, width: 4, height: 5), byteCount: 20, alt: nil),
        ]
        let added = try store.add(NewPost(text: "with images", channels: ["outbox"], images: images), now: now)
        #expect(added.images == images)
        #expect(try store.post(added.id)?.images == images)
        // An edit replaces them.
        let edited = try store.edit(added.id, to: NewPost(text: "one image left", channels: ["outbox"], images: [images[1]]), now: now)
        #expect(edited.images == [images[1]])
        #expect(try store.post(added.id)?.images == [images[1]])
    }

    @Test func onlyPostsThatMayStillGoOutNeedTheirImages() throws {
        let store = try Store(path: database.path)
        let image = { (sha: String) in PostImage(sha256: sha, facts: ImageFacts(format: .png, width: 1, height: 1), byteCount: 1, alt: "x") }
        let kept = try store.add(NewPost(text: "waiting", channels: ["outbox"], images: [image("keep")]), now: now)
        let cancelled = try store.add(NewPost(text: "cancelled", channels: ["outbox"], images: [image("gone")]), now: now)
        _ = try store.cancel(cancelled.id, now: now)
        #expect(try store.neededImages() == ["keep"])
        _ = try store.cancel(kept.id, now: now)
        #expect(try store.neededImages().isEmpty)
    }

    @Test func postsWithTheSameImageAreFoundExceptTheOneEdited() throws {
        let store = try Store(path: database.path)
        let image = PostImage(sha256: "same", facts: ImageFacts(format: .png, width: 1, height: 1), byteCount: 1, alt: "x")
        let first = try store.add(NewPost(text: "first", channels: ["outbox"], images: [image]), now: now)
        let found = try store.postsWithImages(["same", "other"], publishedSince: now.addingTimeInterval(-3600), excluding: nil)
        #expect(found.map(\.postID) == [first.id] && found.map(\.sha256) == ["same"])
        #expect(try store.postsWithImages(["same"], publishedSince: now, excluding: first.id).isEmpty)
    }

    @Test func theLibraryKeepsOneFilePerContentPrivatelyAndRemovesWhatNoPostNeeds() throws {
        let store = try Store(path: database.path)
        let library = store.media
        #expect(library.directory == database.directory + "/media")
        let bytes: [UInt8] = Array("not really a png, the library does not look".utf8)
        let address = try library.keep(cleaned(bytes))
        #expect(address == MediaLibrary.sha256(of: bytes))
        #expect(address.count == 64 && address.allSatisfy { "0123456789abcdef".contains($0) })
        let path = library.path(sha256: address, format: .png)
        #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The same content again: the same file.
        #expect(try library.keep(cleaned(bytes)) == address)
        let other = try library.keep(cleaned([1, 2, 3]))
        _ = FileManager.default.createFile(atPath: library.directory + "/\(other).png.tmp", contents: Data([9]))
        #expect(library.removeAll(except: [address]) == 2)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.directory) == ["\(address).png"])
    }

    @Test func knownDigestOfTheLibrary() {
        // SHA-256 of "abc", FIPS 180-2's first example: the address is the standard digest.
        #expect(MediaLibrary.sha256(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
