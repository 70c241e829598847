import Foundation

/// Row 11: pacerd's own memory (`RssAnon`) while its `mastodon` channel uploads a post with four
/// 5 MB images to a ``LoopbackMastodon``: the channel reads each image into one request body
/// (the heavier way; the outbox copies a chunk at a time), one image after the other.
enum UploadMemory {
    /// How often `/proc/PID/status` is read while the post goes out.
    static let sampleInterval: useconds_t = 5_000

    /// What one publication of the post showed, in bytes.
    private struct Figures {
        var beforeAdd: Double
        var before: Double
        var peak: Double
        var after: Double
        var samples: Int
        var uploadSizes: [Int]
        var uploadSpan: Double  // ms from the first upload's first byte to the last upload's last
        var imageBytes: Double  // one image's file, on average
        var peakPerUpload: [Double]  // the peak from the end of the upload before to the end of this one
        var growth: Double { peak - before }
    }

    static func run() throws -> BenchmarkRow {
        let plain = try measure()
        let imageBytes = plain.imageBytes
        func mib(_ bytes: Double) -> String { String(format: "%.1f MiB", bytes / 1_048_576) }
        let uploadSizes = plain.uploadSizes.map { String(format: "%.1f MB", Double($0) / 1e6) }.joined(separator: ", ")
        return BenchmarkRow(
            number: "11", measure: "own memory (`RssAnon`) of `pacerd` while its `mastodon` channel uploads a post with four 5 MB images: peak growth over before",
            figure: "\(mib(plain.growth)) (before \(mib(plain.before)), peak \(mib(plain.peak))); one image \(mib(imageBytes))",
            target: "≤ one image", met: plain.growth <= imageBytes,
            command: "`pacer add TEXT --at @EPOCH --image …×4` on a `mastodon` channel pointed at a loopback server in pacer-bench "
                + "(`POST /api/v2/media` 200, `POST /api/v1/statuses` 200); `RssAnon` in `/proc/PID/status` every 5 ms; "
                + "before: the median of the last second before the planned instant",
            evidence: """
                \(plain.samples) samples. `RssAnon` before the add \(mib(plain.beforeAdd)), in the second before the \
                planned instant (the add done) \(mib(plain.before)), at its peak during the uploads \(mib(plain.peak)), \
                0.5 s after the status \(mib(plain.after)). The four uploads (\(uploadSizes) of `multipart/form-data` \
                bodies) reached the server over \(String(format: "%.0f ms", plain.uploadSpan)), one after the other: the \
                channel reads one image into one request body (NIO's buffer) and sends it before it reads the next; \
                the peak over before while each image was read and sent: \
                \(plain.peakPerUpload.map { mib($0 - plain.before) }.joined(separator: ", ")). pacerd fixes glibc's mmap \
                threshold at 128 KiB, so each freed image buffer goes back to the kernel; a peak of two images is the \
                previous request's body still held by the HTTP client's closing connection.
                """)
    }

    /// Adds the post on a fresh pacerd and samples its `RssAnon` until the status is out.
    private static func measure() throws -> Figures {
        let server = try LoopbackMastodon()
        defer { server.stop() }
        let tree = try DaemonTree.mastodon(at: server)
        defer { tree.remove() }
        let images = try BenchImages(in: tree.root)
        let daemon = try tree.launch()
        let sampler = MemorySampler(pid: daemon.pid, interval: sampleInterval)
        defer { sampler.finish() }  // should the row fail before it is read
        Thread.sleep(forTimeInterval: 1)  // past start-up and the instance look-up
        let beforeAdd = try MemorySampler.rssAnonKiB(daemon.pid)
        // Whole seconds (`@EPOCH`), far enough ahead for the add and a settled "before".
        let planned = Int64(Date().timeIntervalSince1970.rounded(.up)) + 4
        let arguments = ["add", "Four images of noise, uploaded while pacer-bench watches pacerd's memory", "--at", "@\(planned)"]
            + images.paths.enumerated().flatMap { ["--image", $1, "--alt", "Noise, image \($0 + 1) of 4"] }
        _ = try Spawn.check(Binaries.pacer, arguments, environment: tree.environment, output: tree.root + "/add.out")
        let addDone = LoopbackMastodon.wallMicroseconds()
        let deadline = Date().addingTimeInterval(60)
        while !server.requests.contains(where: { $0.path == "/api/v1/statuses" }) {
            guard Date() < deadline else { throw BenchError("the status was not sent within 60 s of the add; log: \(tree.logPath)") }
            usleep(20_000)
        }
        usleep(500_000)  // what the publication leaves behind
        let samples = sampler.finish()
        try daemon.stop()

        let uploads = server.requests.filter { $0.path == "/api/v2/media" }
        guard uploads.count == BenchImages.count, let firstUpload = uploads.first, let lastUpload = uploads.last else {
            throw BenchError("the instance received \(uploads.count) uploads, expected \(BenchImages.count); log: \(tree.logPath)")
        }
        // Before: the samples of the last second before the planned instant (or the first upload,
        // should the channel start earlier), from 0.2 s after the add; during: every sample from then on.
        let plannedMicroseconds = planned * 1_000_000
        let uploadsStart = min(plannedMicroseconds, firstUpload.firstByte - 50_000)
        let settled = samples.filter { $0.at < uploadsStart && $0.at >= max(plannedMicroseconds - 1_000_000, addDone + 200_000) }
        let during = samples.filter { $0.at >= uploadsStart }
        guard !settled.isEmpty, let last = during.last else { throw BenchError("no memory samples around the planned instant") }
        return Figures(
            beforeAdd: Double(beforeAdd) * 1024, before: median(settled.map { Double($0.kib) }) * 1024,
            peak: Double(during.map(\.kib).max()!) * 1024, after: Double(last.kib) * 1024, samples: samples.count,
            uploadSizes: uploads.map(\.bodyBytes), uploadSpan: Double(lastUpload.complete - firstUpload.firstByte) / 1_000,
            imageBytes: Double(images.totalBytes) / Double(BenchImages.count),
            peakPerUpload: zip([uploadsStart] + uploads.dropLast().map(\.complete), uploads.map(\.complete)).map { from, to in
                Double(during.filter { $0.at > from && $0.at <= to }.map(\.kib).max() ?? 0) * 1024
            })
    }
}

/// Reads a process's `RssAnon` every few milliseconds on a thread of its own until `finish()`.
final class MemorySampler: @unchecked Sendable {
    struct Sample {
        /// Wall-clock µs since 1970.
        var at: Int64
        var kib: Int
    }

    private let lock = NSLock()
    private var samples: [Sample] = []
    private var finished = false
    private let done = DispatchSemaphore(value: 0)

    init(pid: pid_t, interval: useconds_t) {
        Thread { [self] in
            while !lock.withLock({ finished }) {
                if let kib = try? Self.rssAnonKiB(pid) {
                    let sample = Sample(at: LoopbackMastodon.wallMicroseconds(), kib: kib)
                    lock.withLock { samples.append(sample) }
                }
                usleep(interval)
            }
            done.signal()
        }.start()
    }

    /// Stops sampling (once; a later call only returns) and returns the samples, oldest first.
    @discardableResult
    func finish() -> [Sample] {
        let stopping = lock.withLock { () -> Bool in
            defer { finished = true }
            return !finished
        }
        if stopping { done.wait() }
        return lock.withLock { samples }
    }

    /// `RssAnon` of `pid`, in KiB.
    static func rssAnonKiB(_ pid: pid_t) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else {
            throw BenchError("/proc/\(pid)/status has no RssAnon")
        }
        return kib
    }
}
