import Foundation

/// Where the programs the suite starts are. The release `pacerd` and `pacer` are the root
/// package's, in the directory given with `--pacer-bin` (`make bench` passes it); row 1's start-up
/// floors are built with this executable (bench/Package.swift), so they are next to it.
enum Binaries {
    /// The directory of the release `pacerd` and `pacer`: `swift build -c release --show-bin-path`
    /// in the repository's root.
    static let productDirectory = option("--pacer-bin") ?? ""
    static var pacerd: String { productDirectory + "/pacerd" }
    static var pacer: String { productDirectory + "/pacer" }

    /// This executable's directory.
    static let ownDirectory: String = {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().path
    }()
    /// Row 1's start-up floors (`bench/Sources/StartUpFloor*`).
    static var swiftStartUpFloor: String { ownDirectory + "/start-up-floor-swift" }
    static var foundationStartUpFloor: String { ownDirectory + "/start-up-floor-foundation" }

    /// Why `pacerd` and `pacer` cannot be run from `--pacer-bin`, with how to fix it; `nil` when
    /// both can.
    static func productProblem() -> String? {
        let build = "build them in the repository's root with `swift build -c release --static-swift-stdlib "
            + "--product pacerd` and `--product pacer`, then pass `--pacer-bin \"$(swift build -c release --show-bin-path)\"`"
        guard option("--pacer-bin") != nil else {
            return "--pacer-bin is missing: it names the directory of the release pacerd and pacer; \(build)"
        }
        for path in [pacerd, pacer] where access(path, X_OK) != 0 {
            return "--pacer-bin \(productDirectory): \(path) cannot be run (\(String(cString: strerror(errno)))); \(build)"
        }
        return nil
    }
}
