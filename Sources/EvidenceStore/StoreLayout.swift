import EvidenceModel
import Foundation

/// Where things live inside the git store (DESIGN §3). Pure path arithmetic.
///
/// ```
/// .gitattributes                                   everything -text: bytes are kept exactly
/// format                                           the layout's version (absent in version 1 stores)
/// raw/<sha256>                                      each raw input, byte for byte
/// subjects/<2 hex>/<sha256(subject)>/subject       the subject string
/// subjects/<2 hex>/<sha256(subject)>/entries       record ids in append order, one per line
/// subjects/<2 hex>/<sha256(subject)>/records/<id>.json   canonical JSON of each record
/// log/                                             the Merkle logs (subject logs and root log)
/// ```
public enum StoreLayout {
    public static let attributesPath = ".gitattributes"
    /// Vigil writes canonical bytes, raw inputs and LF-only checkpoints; git must never convert them.
    public static let attributes = "# Written by Vigil: keep every byte exactly as written.\n* -text\n"

    /// Version 2: root-log leaves carry their logged time (`vigil.subject-head/v2`).
    public static let formatPath = "format"
    public static let formatVersion = 2
    public static var formatText: String { formatText(version: formatVersion) }
    static func formatText(version: Int) -> String { "vigil-store/v\(version)\n" }

    /// Version 3 keeps records by batch (docs/store-v3.md): written only by stores made for it
    /// (``EvidenceStore/create(at:at:signing:formatVersion:)``, `vigil init --store-layout batches`)
    /// until version 2 stores can be upgraded to it.
    public static let batchedFormatVersion = 3

    /// Whether the tree `reader` reads is of a version 3 store.
    static func isBatched(_ reader: TreeReader?) throws(StoreError) -> Bool {
        try reader?.read(formatPath) == Data(formatText(version: batchedFormatVersion).utf8)
    }

    public static func rawPath(sha256: String) -> String { "raw/\(sha256)" }

    public static func subjectFolder(_ subject: String) -> String {
        let hash = SHA256Hex.of(subject)
        return "subjects/\(hash.prefix(2))/\(hash)"
    }

    public static func subjectNamePath(_ subject: String) -> String { SubjectPaths(subject).name }
    public static func entriesPath(_ subject: String) -> String { SubjectPaths(subject).entries }
    public static func recordPath(subject: String, id: String) -> String { SubjectPaths(subject).record(id) }

    /// One subject's paths, its folder's hash computed once.
    public struct SubjectPaths: Sendable {
        public let folder: String
        public init(_ subject: String) { folder = StoreLayout.subjectFolder(subject) }
        public var name: String { folder + "/subject" }
        public var entries: String { folder + "/entries" }
        public var records: String { folder + "/records" }
        public func record(_ id: String) -> String { records + "/\(id).json" }
    }

    /// The record id when `path` is a record file, nil otherwise.
    public static func recordID(inPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count == 5, parts[0] == "subjects", parts[3] == "records", parts[4].hasSuffix(".json") else {
            return nil
        }
        return String(parts[4].dropLast(5))
    }
}
