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
    /// Looked at byte by byte: every one of these characters is ASCII, and a bundle of 67k records
    /// has 134k names (Character-level splitting and searching was a twentieth of verifying it).
    public static func problem(withEntryName name: String) -> String? {
        let bytes = name.utf8
        if bytes.isEmpty { return "an entry has an empty name" }
        if bytes.first == UInt8(ascii: "/") { return "entry '\(name)' has an absolute path" }
        if bytes.contains(UInt8(ascii: "\\")) { return "entry '\(name)' contains a backslash" }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7f }) { return "entry name contains control characters" }
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if component.isEmpty { return "entry '\(name)' has an empty path component" }
            if component.elementsEqual("..".utf8) || component.elementsEqual(".".utf8) {
                return "entry '\(name)' climbs out of the bundle with '\(String(decoding: component, as: UTF8.self))'"
            }
        }
        return nil
    }
}
