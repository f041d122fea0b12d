// swift-tools-version:6.1
import PackageDescription

// Layers (DESIGN §1): a target imports only targets of lower layers.
let package = Package(
    name: "vigil",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "vigil", targets: ["vigil"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
    ],
    targets: [
        // Layer 0: system libraries.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Layer 1: values.
        .target(name: "EvidenceModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "MerkleLog", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Measures YAML on libyaml's events (Yams' own C module) before anything composes it.
        .target(name: "BoundedYAML", dependencies: [.product(name: "Yams", package: "Yams")]),

        // Layer 2: the store, the collectors, the engine, the reports.
        .target(
            name: "EvidenceStore",
            dependencies: [
                "CGit2", "CGzip", "EvidenceModel", "MerkleLog", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "Collectors",
            dependencies: [
                "EvidenceModel", "BoundedYAML", "CGzip", .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "ControlEngine", dependencies: ["EvidenceModel", "BoundedYAML", .product(name: "Yams", package: "Yams")]),
        .target(name: "Reporting", dependencies: ["EvidenceModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "EvidenceBundle",
            dependencies: [
                "EvidenceModel", "MerkleLog", "CGzip", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),

        // Layer 3: the IO shell.
        .target(
            name: "VigilKit",
            dependencies: [
                "EvidenceModel", "MerkleLog", "EvidenceStore", "Collectors", "ControlEngine", "Reporting", "EvidenceBundle",
                "BoundedYAML", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]),

        .target(name: "TUICore", dependencies: ["EvidenceModel"]),

        // Layer 4: the command line.
        .target(name: "TUITerminal", dependencies: ["CNCurses", "TUICore"]),
        .executableTarget(
            name: "vigil",
            dependencies: [
                // It parses arguments, calls VigilKit's stages and prints what they return (VigilKit/Present).
                "VigilKit", "TUICore", "TUITerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Benchmarks (`make bench`, release): measured, never asserted.
        .executableTarget(
            name: "VigilBenchmarks",
            dependencies: [
                "EvidenceModel", "MerkleLog", "EvidenceStore", .product(name: "Crypto", package: "swift-crypto"),
                "VigilKit", "TUICore",
            ], path: "Benchmarks/VigilBenchmarks"),

        .testTarget(name: "EvidenceModelTests", dependencies: ["EvidenceModel", "VigilTestSupport"], resources: [.copy("Vectors")]),
        .testTarget(name: "MerkleLogTests", dependencies: ["MerkleLog"], resources: [.copy("Vectors")]),
        .testTarget(name: "BoundedYAMLTests", dependencies: ["BoundedYAML"]),
        .testTarget(name: "EvidenceStoreTests", dependencies: ["EvidenceStore", "MerkleLog", "CGit2", "VigilTestSupport"]),
        .testTarget(name: "CollectorsTests", dependencies: ["Collectors", "VigilTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ControlEngineTests", dependencies: ["ControlEngine"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EvidenceBundleTests", dependencies: ["EvidenceBundle", "MerkleLog", "EvidenceModel", "VigilTestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "VigilTestSupport"]),
        .testTarget(name: "VigilKitTests", dependencies: ["VigilKit", "Collectors", "ControlEngine", "EvidenceModel", "VigilTestSupport"]),
        .testTarget(name: "TUICoreTests", dependencies: ["TUICore", "EvidenceModel", "VigilTestSupport"], resources: [.copy("Snapshots")]),
        // Scratch folders, a process runner, a seeded generator and malformed-input cases: every test target's.
        .target(name: "VigilTestSupport", path: "Tests/VigilTestSupport"),
        // What no message may show (Swift type names, error domains, source lines): shared by the two below.
        .target(name: "MessageLeaks", path: "Tests/MessageLeaks"),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "EvidenceModel", "MerkleLog", "EvidenceStore", "Collectors", "ControlEngine", "VigilKit", "MessageLeaks", "VigilTestSupport",
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["EvidenceModel", "MerkleLog", "MessageLeaks", "VigilTestSupport"], resources: [.copy("Resources")]),
    ]
)
