#if canImport(Glibc)
import Glibc
#endif
import PacerCore
import PacerPOSIX

/// The file holding one program run's ``CommandManifest``: created 0600 under a name of its own in
/// the temporary directory (private to pacer.service, whose unit has `PrivateTmp=`), removed
/// once the program and all it started have ended.
struct ManifestFile {
    let path: String

    /// Writes `content` to a new file in `directory`, named after the delivery.
    static func create(_ content: [UInt8], in directory: String, deliveryID: DeliveryID) throws(SystemCallError) -> ManifestFile {
        var template = Array("\(directory)/pacer-manifest-\(deliveryID)-XXXXXX".utf8CString)
        let fd = try systemCall("mkstemp", directory) { template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) } }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(fd) }
        do throws(SystemCallError) {
            try Files.writeAll(content, to: fd, subject: path)
        } catch {
            unlink(path)
            throw error
        }
        return ManifestFile(path: path)
    }

    func remove() {
        unlink(path)
    }
}
