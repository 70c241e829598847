// swift-tools-version: 6.0
// Pacer is Linux only: it is a systemd user service (socket activation, sd_notify, the journal
// through libsystemd) and makes glibc's own calls, so this manifest names no other platform.
// The benchmarks are a package of their own, bench/Package.swift.
import PackageDescription

let package = Package(
    name: "Pacer",
    products: [
        .executable(name: "pacerd", targets: ["pacerd"]),
        .executable(name: "pacer", targets: ["pacer"]),
        // For the benchmarks (bench/Package.swift), which import these three; not an API for others.
        .library(name: "PacerCore", targets: ["PacerCore"]),
        .library(name: "PacerProtocol", targets: ["PacerProtocol"]),
        .library(name: "PacerPOSIX", targets: ["PacerPOSIX"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // libsystemd, through pkg-config; the headers come from Debian's libsystemd-dev.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // The glibc calls Swift's Glibc module leaves out (malloc_trim, accept4, prctl, pidfd_open).
        .systemLibrary(name: "CLinux"),
        // Pure: no I/O, no Dispatch, no clock. Time is always an argument.
        .target(name: "PacerCore"),
        // The Linux system calls Pacer makes (sockets, files, locks), each through one EINTR-safe helper.
        .target(name: "PacerPOSIX", dependencies: ["CLinux"]),
        .target(
            name: "PacerStore",
            dependencies: [
                "PacerCore", "PacerPOSIX", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the integrity check's own connection.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // SHA-256, the content address of a post's images.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PacerChannels",
            dependencies: [
                "PacerCore", "PacerPOSIX", "CLinux",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "PacerSystemd",
            dependencies: ["CSystemd", "PacerPOSIX", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "PacerProtocol", dependencies: ["PacerCore", "PacerPOSIX"]),
        .target(
            name: "PacerDaemon",
            dependencies: [
                "PacerCore", "PacerStore", "PacerChannels", "PacerSystemd", "PacerProtocol", "PacerPOSIX", "CLinux",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // `pacer auth`: signing in to a platform and storing the credential. pacerd runs it (`pacerd
        // auth`), because it already has the configuration's parser and an HTTPS client; pacer
        // hands over to it rather than link either (FACTS.md: start-up cost).
        .target(
            name: "PacerAuth",
            dependencies: [
                "PacerChannels", "PacerCore", "PacerPOSIX",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "pacerd",
            dependencies: [
                "PacerDaemon", "PacerSystemd", "PacerAuth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
        ),
        .executableTarget(
            name: "pacer",
            dependencies: [
                "PacerCore", "PacerProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PacerCoreTests", dependencies: ["PacerCore"], exclude: ["Golden", "Fixtures"]),
        .testTarget(
            name: "PacerStoreTests",
            dependencies: ["PacerStore", "PacerCore", .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .testTarget(name: "PacerSystemdTests", dependencies: ["PacerSystemd", "PacerPOSIX", "CSystemd", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PacerProtocolTests", dependencies: ["PacerProtocol", "PacerCore"]),
        .testTarget(
            name: "PacerChannelsTests",
            dependencies: [
                "PacerChannels", "PacerCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "PacerPOSIXTests", dependencies: ["PacerPOSIX"]),
        .testTarget(
            name: "PacerDaemonTests",
            dependencies: ["PacerDaemon", "PacerCore", "PacerProtocol", "PacerChannels", "PacerStore", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PacerIntegrationTests", dependencies: ["PacerProtocol"], exclude: ["Golden"]),
        .testTarget(
            name: "PacerCLITests",
            dependencies: ["pacer", "PacerProtocol", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
