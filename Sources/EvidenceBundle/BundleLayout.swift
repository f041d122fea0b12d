/// Where things are inside a bundle, and which entry names are acceptable at all.
public enum BundleLayout {
    public static let manifest = "manifest.dsse.json"
    public static let checkpoint = "checkpoint"
    public static let report = "report.json"
    public static let sinceCheckpoint = "since/checkpoint"
    public static let consistencyProof = "since/consistency.proof"

    public static func record(_ id: String) -> String { "records/\(id).json" }
    public static func proof(_ id: String) -> String { "proofs/\(id).proof" }
    public static func raw(_ sha256: String) -> String { "raw/\(sha256)" }

    /// Why an entry name could escape an extraction folder or confuse a reader; nil when it is safe.
    ///
    /// Only relative paths of plain components are accepted: no leading `/`, no `..` or `.`,
    /// no backslashes, no empty components, no control characters.
    public static func problem(withEntryName name: String) -> String? {
        if name.isEmpty { return "an entry has an empty name" }
        if name.hasPrefix("/") { return "entry '\(name)' has an absolute path" }
        if name.contains("\\") { return "entry '\(name)' contains a backslash" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "entry name contains control characters"
        }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return "entry '\(name)' has an empty path component" }
            if component == ".." || component == "." { return "entry '\(name)' climbs out of the bundle with '\(component)'" }
        }
        return nil
    }
}
