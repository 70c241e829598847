import Foundation

/// Rows 10–11's four photographs: real JPEGs of about 5 MB each (colour noise at quality 95,
/// which JPEG cannot compress much), made once per run with ImageMagick's `convert` (Debian's `imagemagick`), with a
/// comment segment that pacerd's metadata removal takes out.
struct BenchImages {
    static let count = 4
    /// Pixels of each image: with noise at quality 95 and no chroma subsampling, about 5.2 MB.
    private static let size = "1850x1400"

    let paths: [String]
    /// Where in each file ``freshen(_:)`` writes: eight bytes of entropy-coded data near the end
    /// with no 0xFF among them or beside them, so no JPEG marker is made or broken.
    private let spots: [off_t]

    var totalBytes: Int { paths.reduce(0) { $0 + Int((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) } }

    /// Makes the images in `directory`, `a.jpg` … `d.jpg`, each from its own noise.
    init(in directory: String) throws {
        var paths: [String] = [], spots: [off_t] = []
        for (index, name) in ["a", "b", "c", "d"].enumerated() {
            let path = directory + "/\(name).jpg"
            _ = try Spawn.check("/usr/bin/convert", [
                "-seed", "\(index + 1)", "-size", Self.size, "xc:white", "+noise", "Random",
                "-quality", "95", "-sampling-factor", "1x1", "-set", "comment", "pacer-bench \(name)", path,
            ], environment: ["PATH": "/usr/bin:/bin"], output: directory + "/convert.out")
            paths.append(path)
            spots.append(try Self.spot(in: path))
        }
        self.paths = paths
        self.spots = spots
    }

    /// Changes a few bytes of every image's scan data, so that the next `pacer add` stores four
    /// new images (pacerd keeps one copy per content hash) while the files stay valid JPEGs.
    func freshen(_ round: Int) throws {
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: (round >> ($0 * 4)) & 0x0F) | 0x40 }
        for (path, spot) in zip(paths, spots) {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { throw BenchError("open \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            guard bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, 8, spot) }) == 8 else {
                throw BenchError("pwrite \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func spot(in path: String) throws -> off_t {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var position = data.count - 64
        while position > data.count / 2 {
            if !data[(position - 1)...(position + 8)].contains(0xFF) { return off_t(position) }
            position -= 1
        }
        throw BenchError("\(path): no stretch of scan data without 0xFF near its end")
    }
}
