// swift-tools-version: 6.0
// Pacer's benchmarks (`make bench`): a package of their own, so that the product's manifest
// (../Package.swift) describes only the product. They use the product's modules through it.
import PackageDescription

let package = Package(
    name: "PacerBench",
    dependencies: [
        .package(name: "Pacer", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The pure core in process, and the root package's release pacerd and pacer as processes,
        // their store seeded and read with GRDB.
        .executableTarget(
            name: "pacer-bench",
            dependencies: [
                .product(name: "PacerCore", package: "Pacer"),
                .product(name: "PacerProtocol", package: "Pacer"),
                .product(name: "PacerPOSIX", package: "Pacer"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/PacerBench"
        ),
        // Row 1's start-up floors: what the Swift runtime, and Foundation's JSON and time zones,
        // cost a process linked as pacer is, before any of pacer's own work.
        .executableTarget(name: "start-up-floor-swift", path: "Sources/StartUpFloorSwift"),
        .executableTarget(name: "start-up-floor-foundation", path: "Sources/StartUpFloorFoundation"),
    ],
    swiftLanguageModes: [.v6]
)
