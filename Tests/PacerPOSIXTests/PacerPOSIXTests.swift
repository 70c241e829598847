import Foundation
import Testing
@testable import PacerPOSIX

/// Each test gets a directory of its own, removed when the test's instance of the suite goes.
final class PacerPOSIXTests {
    let directory: String = {
        let path = "/tmp/pacer-posix-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func failedCallsCarryTheirErrnoAndSubject() {
        #expect(throws: SystemCallError(operation: "open", subject: "/nonexistent/x", code: ENOENT)) {
            try systemCall("open", "/nonexistent/x") { open("/nonexistent/x", O_RDONLY) }
        }
    }

    @Test func durableWritesReplaceTheFileWhole() throws {
        let path = directory + "/file.txt"
        try Files.writeDurably("first", to: path)
        try Files.writeDurably("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(!Files.exists(path + ".tmp"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func makeDirectoriesCreatesParents() throws {
        try Files.makeDirectories(directory + "/a/b/c", mode: 0o700)
        #expect(Files.exists(directory + "/a/b/c"))
    }

    @Test func theInstanceLockIsExclusive() throws {
        let path = directory + "/lock"
        let lock = try InstanceLock(path: path)
        #expect(InstanceLock.holder(of: path) == getpid())
        // flock locks belong to the open file description: a second open in this process conflicts too.
        #expect(throws: SystemCallError.self) { try InstanceLock(path: path) }
        _ = lock
    }

    @Test func aListeningSocketIsPrivateAndReportsItsPeer() throws {
        let path = directory + "/s.sock"
        let listener = try UnixSocket.listen(path: path)
        defer { close(listener) }
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        let client = try UnixSocket.connect(path: path)
        defer { close(client) }
        let server = try #require(try UnixSocket.accept(listener))
        defer { close(server) }
        let peer = try UnixSocket.peerCredentials(server)
        #expect(peer.uid == getuid())
        #expect(peer.pid == getpid())
        // Made close-on-exec and non-blocking as it is accepted (accept4): a program spawned at
        // that moment cannot inherit it.
        #expect(fcntl(server, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(server, F_GETFL) & O_NONBLOCK != 0)
    }

    @Test func pathsTooLongForASocketAreRefused() {
        let long = "/tmp/" + String(repeating: "x", count: UnixSocket.maxPathBytes + 1)
        #expect(throws: SystemCallError.self) { try UnixSocket.listen(path: long) }
    }
}
