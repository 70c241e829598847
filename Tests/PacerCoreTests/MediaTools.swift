import Foundation

/// The image fixtures (Fixtures/Media, made by make-fixtures.sh there) and the tools Pacer's
/// authors did not write that judge what metadata removal makes of them: ExifTool (Debian's
/// libimage-exiftool-perl) reads the metadata, ImageMagick (imagemagick) decodes the pixels. A
/// missing tool is a failure, never a skip.
enum MediaTools {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Media")
    static let exiftool = "/usr/bin/exiftool"
    /// ImageMagick's own `convert`, by its Debian path: PATH may hold another program of that name.
    static let convert = "/usr/bin/convert"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// ExifTool's reading of `bytes` (`exiftool -j -a -G1 -n`): tag names with their group
    /// ("IFD0:Make", "GPS:GPSLatitude", "XMP-exif:GPSLatitude", "File:Comment") to values.
    static func metadata(of bytes: [UInt8], fileExtension: String) async throws -> [String: String] {
        let output = try await onOwnThread {
            try withTemporaryFile(bytes, fileExtension: fileExtension) { path in
                try run(exiftool, ["-j", "-a", "-G1", "-n", path], missing: "install ExifTool: apt-get install libimage-exiftool-perl")
            }
        }
        guard let list = try JSONSerialization.jsonObject(with: output) as? [[String: Any]], let tags = list.first else {
            throw Failure(description: "exiftool -j printed no object: \(String(decoding: output, as: UTF8.self))")
        }
        return tags.mapValues { "\($0)" }
    }

    /// The pixels, every frame, as 8-bit RGBA, decoded by ImageMagick (without applying the
    /// orientation or the colour profile: exactly what is stored).
    static func pixels(of bytes: [UInt8], fileExtension: String) async throws -> Data {
        try await onOwnThread {
            try withTemporaryFile(bytes, fileExtension: fileExtension) { path in
                try run(convert, [path, "-depth", "8", "rgba:-"], missing: "install ImageMagick: apt-get install imagemagick")
            }
        }
    }

    private static func withTemporaryFile<Result>(_ bytes: [UInt8], fileExtension: String, _ body: (String) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pacer-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("image.\(fileExtension)")
        try Data(bytes).write(to: file)
        return try body(file.path)
    }

    /// Runs a tool to its end and returns its standard output; a non-zero status is a failure.
    private static func run(_ tool: String, _ arguments: [String], missing: String) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: tool) else { throw Failure(description: "\(tool) is missing: \(missing)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        // Standard error is discarded, so that neither pipe can fill up while the other is read.
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return data
    }
}
