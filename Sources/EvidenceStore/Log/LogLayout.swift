import EvidenceModel
import MerkleLog

/// Where the two-level log lives in the store (DESIGN §3). Pure path arithmetic.
///
/// ```
/// log/checkpoint                                 the latest signed root checkpoint (C2SP signed note)
/// log/root/compact                               the root log's compact range, to append without rereading
/// log/root/tile/<L>/<N>[.p/<W>]                   C2SP tlog-tiles hash tiles of the root log
/// log/root/tile/entries/<N>[.p/<W>]               its entry bundles (the subject-head leaves)
/// log/subjects/<2 hex>/<sha256(subject)>/compact  each subject tree's compact range
/// log/subjects/<2 hex>/<sha256(subject)>/head     index in the root log of the subject's newest head
/// ```
public enum LogLayout {
    public static let checkpointPath = "log/checkpoint"
    public static let rootCompactPath = "log/root/compact"
    public static let rootPrefix = "log/root/"

    public static func tilePath(_ tile: TileID) -> String { rootPrefix + tile.path }
    public static func entriesPath(_ tile: TileID) -> String { rootPrefix + tile.entriesPath }

    static func subjectFolder(_ subject: String) -> String {
        let hash = SHA256Hex.of(subject)
        return "log/subjects/\(hash.prefix(2))/\(hash)"
    }

    public static func subjectCompactPath(_ subject: String) -> String { subjectFolder(subject) + compactName }
    public static func subjectHeadPath(_ subject: String) -> String { subjectFolder(subject) + headName }
    static let compactName = "/compact"
    static let headName = "/head"
}
