import EvidenceStore

/// What `vigil --version` prints: Vigil's version, the C libraries it runs with, and the Swift
/// packages it was built from (their exact pins in Package.swift; a test keeps the two equal).
public enum BuildInfo {
    public static let version = "0.3.0"

    public static let packages: [(name: String, version: String)] = [
        ("swift-argument-parser", "1.8.2"), ("swift-crypto", "4.5.2"), ("GRDB.swift", "7.10.0"), ("Yams", "6.2.2"),
        ("ZIPFoundation", "0.9.20"), ("swift-certificates", "1.21.1"), ("swift-asn1", "1.7.4"),
    ]

    public static var text: String {
        var lines = ["vigil \(version)", "libgit2 \(LibraryVersions.libgit2)", "SQLite \(LibraryVersions.sqlite)"]
        lines += packages.map { "\($0.name) \($0.version)" }
        return lines.joined(separator: "\n")
    }
}
