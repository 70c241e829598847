import Foundation
import PacerCore
import PacerPOSIX

/// Row 10: `pacer add` of a post with four 5 MB JPEGs against `cp` copying the same four files,
/// alternating in one loop. pacerd reads each image, removes its metadata, hashes it and writes
/// it durably (`fsync`) before the post commits; `cp` does not flush, so `cp` followed by
/// `sync` on the copies (an `fsync` of each file and of their directory) is timed too.
enum ImageAdd {
    static let rounds = 15

    static func run() throws -> BenchmarkRow {
        let tree = try DaemonTree()
        defer { tree.remove() }
        let images = try BenchImages(in: tree.root)
        let daemon = try tree.launch()
        var texts = Texts(seed: 10)
        let output = tree.root + "/command.out"
        func run(_ path: String, _ arguments: [String]) throws -> Double {
            unlink(output)
            return try Spawn.check(path, arguments, environment: tree.environment, output: output)
        }
        let imageArguments = images.paths.enumerated().flatMap { ["--image", $1, "--alt", "Noise, image \($0 + 1) of 4"] }
        func add() throws -> Double { try run(Binaries.pacer, ["add", texts.next(), "--at", "+1d"] + imageArguments) }
        /// `cp` into a new directory, then (when `flushed`) `sync` of the copies and the directory.
        func copy(_ round: Int, flushed: Bool) throws -> (copy: Double, sync: Double) {
            let destination = tree.root + "/copies-\(round)-\(flushed)"
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
            let copy = try run("/bin/cp", images.paths + [destination + "/"])
            let copies = images.paths.map { destination + "/" + ($0 as NSString).lastPathComponent }
            let sync = flushed ? try run("/bin/sync", copies + [destination]) : 0
            try FileManager.default.removeItem(atPath: destination)
            return (copy, sync)
        }

        var addTimes: [Double] = [], copyTimes: [Double] = [], flushedTimes: [Double] = [], syncTimes: [Double] = []
        for round in 0..<(rounds + 2) {
            try images.freshen(round)  // new contents: pacerd keeps one copy per content hash
            // Rotate which goes first, so none always follows another.
            let steps: [() throws -> Void] = [
                { addTimes.append(try add()) },
                { copyTimes.append(try copy(round, flushed: false).copy) },
                {
                    let (copy, sync) = try copy(round, flushed: true)
                    flushedTimes.append(copy + sync)
                    syncTimes.append(sync)
                },
            ]
            let first = round % steps.count
            for step in steps[first...] + steps[..<first] { try step() }
            if round < 2 {  // warm-up rounds: the page cache, the daemon
                addTimes.removeAll(); copyTimes.removeAll(); flushedTimes.removeAll(); syncTimes.removeAll()
            }
        }
        let startUp = try (0..<rounds).map { _ in try run(Binaries.pacer, ["timespan", "1h"]) }
        let plainAdd = try (0..<rounds).map { _ in try run(Binaries.pacer, ["add", texts.next(), "--at", "+1d"]) }
        let bytes = images.totalBytes
        try daemon.stop()
        let steps = try ownSteps(images, in: tree.root)

        let ratio = median(addTimes) / median(copyTimes)
        let flushedRatio = median(addTimes) / median(flushedTimes)
        let megabytes = String(format: "%.1f MB", Double(bytes) / 1e6)
        return BenchmarkRow(
            number: "10", measure: "`pacer add` of a post with four 5 MB JPEGs (read, metadata removed, hashed, written durably) vs `cp` of the four files, median wall",
            figure: "\(milliseconds(median(addTimes))) vs \(milliseconds(median(copyTimes))): " + String(format: "%.1f×", ratio)
                + "; vs `cp` + `sync` \(milliseconds(median(flushedTimes))): " + String(format: "%.1f×", flushedRatio),
            target: "≤ 3.0× `cp`", met: ratio <= 3.0,
            command: "`pacer add TEXT --at +1d --image a.jpg --alt … ×4` (default outbox channel) and `cp a.jpg b.jpg c.jpg d.jpg DIR/` "
                + "(no `fsync`), and `cp` then `sync` of the four copies and DIR; \(rounds) alternating rounds after 2 warm-up rounds, "
                + "the images' scan data changed before each round so every add stores new files",
            evidence: """
                The four images: \(megabytes) in all (colour noise, 1850×1400, quality 95, made with ImageMagick's `convert`, \
                each with a comment segment that pacerd removes). `pacer add` \(milliseconds(median(addTimes))) = process \
                start-up (`pacer timespan 1h`, \(milliseconds(median(startUp)))), the same add without images (\
                \(milliseconds(median(plainAdd))) in all), and pacerd's work on the images: reading each, removing its \
                metadata, hashing it (SHA-256) and writing it under the state directory with an `fsync` of each file and \
                of the directory before the post commits. `cp` \(milliseconds(median(copyTimes))) reads and writes the same \
                bytes into the page cache without flushing them; `sync` of the four copies and their directory after it \
                \(milliseconds(median(syncTimes))), so `cp` made durable takes \(milliseconds(median(flushedTimes))). \
                The steps pacerd takes for the four images, timed in pacer-bench with the same code (`Files.read`, \
                `MetadataRemoval.clean`, `Files.writeFlushed` then `Files.moveDurably`), medians of \(rounds): reading \
                \(milliseconds(steps.read)), removing the metadata \(milliseconds(steps.clean)), writing durably (a \
                temporary file, `fsync`, `rename`, `fsync` of the directory, per image) \(milliseconds(steps.keep)); what \
                is left of the add's \(milliseconds(median(addTimes) - median(plainAdd))) for its images, \
                \(milliseconds(max(0, median(addTimes) - median(plainAdd) - steps.read - steps.clean - steps.keep))), is \
                the SHA-256 of each image (swift-crypto) and the images' checks and store rows.
                """)
    }

    /// Median wall times of pacerd's steps for the four images at `add`, in nanoseconds.
    private static func ownSteps(_ images: BenchImages, in directory: String) throws -> (read: Double, clean: Double, keep: Double) {
        var reads: [Double] = [], cleans: [Double] = [], keeps: [Double] = []
        for round in 0..<rounds {
            try images.freshen(1_000 + round)
            var read = 0.0, clean = 0.0, keep = 0.0
            for (index, path) in images.paths.enumerated() {
                let start = monotonicNanoseconds()
                let bytes = try Files.read(path, limit: 64 * 1_048_576)
                let afterRead = monotonicNanoseconds()
                let cleaned = try MetadataRemoval.clean(bytes)
                let afterClean = monotonicNanoseconds()
                let kept = directory + "/kept-\(round)-\(index).jpg"
                try Files.writeFlushed(cleaned.bytes, to: kept + ".tmp", mode: 0o600)
                try Files.moveDurably(kept + ".tmp", to: kept)
                let afterKeep = monotonicNanoseconds()
                unlink(kept)
                read += Double(afterRead - start)
                clean += Double(afterClean - afterRead)
                keep += Double(afterKeep - afterClean)
            }
            reads.append(read); cleans.append(clean); keeps.append(keep)
        }
        return (median(reads), median(cleans), median(keeps))
    }
}
