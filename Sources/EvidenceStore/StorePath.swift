import EvidenceModel
import MerkleLog

/// What a path of the store is, by the layout of ``StoreLayout`` and ``LogLayout``; nil for
/// anything the layout does not define. `log verify` names every path that classifies as nil.
enum StorePath: Hashable {
    case attributes
    case format
    case raw(sha256: String)
    /// `folder` is `subjects/<2 hex>/<64 hex>`.
    case subjectName(folder: String)
    case entries(folder: String)
    case record(folder: String, id: String)
    case checkpoint
    case rootCompact
    case tile(TileID)
    case entryBundle(TileID)
    /// `folder` is `log/subjects/<2 hex>/<64 hex>`.
    case subjectCompact(folder: String)
    case subjectHead(folder: String)
    /// Layout v3: `batches/<16 hex>/records/<chunk>` or `…/offsets` (``RecordBatch``; `chunk` nil),
    /// named by the root log's size before its commit.
    case batch(rootSize: UInt64, chunk: Int?)
    /// Layout v3: `log/subjects/<2 hex>/<2 hex>`, a bucket of the subject map (``SubjectMapBucket``).
    case subjectBucket

    init?(_ path: String) {
        switch path {
        case StoreLayout.attributesPath: self = .attributes; return
        case StoreLayout.formatPath: self = .format; return
        case LogLayout.checkpointPath: self = .checkpoint; return
        case LogLayout.rootCompactPath: self = .rootCompact; return
        default: break
        }
        // Split on the byte, into substrings: `log verify` classifies every path of every commit,
        // and splitting by Character (grapheme breaking) was a tenth of it.
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
        if parts.count == 2, parts[0] == "raw", Self.isHash(parts[1]) {
            self = .raw(sha256: String(parts[1]))
        } else if parts.count >= 4, parts[0] == "subjects", Self.isShard(parts[1], of: parts[2]) {
            let folder = String(path[..<parts[2].endIndex])
            switch parts.count {
            case 4 where parts[3] == "subject": self = .subjectName(folder: folder)
            case 4 where parts[3] == "entries": self = .entries(folder: folder)
            case 5 where parts[3] == "records" && parts[4].hasSuffix(".json") && Self.isHash(parts[4].dropLast(5)):
                self = .record(folder: folder, id: String(parts[4].dropLast(5)))
            default: return nil
            }
        } else if parts.count == 5, parts[0] == "log", parts[1] == "subjects", Self.isShard(parts[2], of: parts[3]) {
            let folder = String(path[..<parts[3].endIndex])
            switch parts[4] {
            case "compact": self = .subjectCompact(folder: folder)
            case "head": self = .subjectHead(folder: folder)
            default: return nil
            }
        } else if parts.count == 3 || parts.count == 4, parts[0] == "batches", parts[1].utf8.count == 16, Self.isLowerHex(parts[1]),
            let rootSize = UInt64(parts[1], radix: 16)
        {
            if parts.count == 3, parts[2] == "offsets" {
                self = .batch(rootSize: rootSize, chunk: nil)
            } else if parts.count == 4, parts[2] == "records", let chunk = Int(parts[3]), chunk >= 0, String(chunk) == parts[3] {
                self = .batch(rootSize: rootSize, chunk: chunk)
            } else {
                return nil
            }
        } else if parts.count == 4, parts[0] == "log", parts[1] == "subjects", parts[2].utf8.count == 2, parts[3].utf8.count == 2,
            Self.isLowerHex(parts[2]), Self.isLowerHex(parts[3])
        {
            self = .subjectBucket
        } else if parts.count >= 5, parts[0] == "log", parts[1] == "root", parts[2] == "tile",
            let (tile, isEntries) = Self.tile(parts[3...].map(String.init))
        {
            self = isEntries ? .entryBundle(tile) : .tile(tile)
        } else {
            return nil
        }
    }

    /// The subject folder (`subjects/<2 hex>/<64 hex>`) of a subject's name, entries or record file.
    var subjectFolder: String? {
        switch self {
        case .subjectName(let folder), .entries(let folder), .record(let folder, _): folder
        default: nil
        }
    }

    /// Whether the path is one only a store of subject folders (layout v1, v2) has.
    var isOfSubjectFolders: Bool {
        switch self {
        case .subjectName, .entries, .record, .subjectCompact, .subjectHead: true
        default: false
        }
    }

    /// `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, accepted only in the one spelling TilePath writes.
    private static func tile(_ parts: [String]) -> (TileID, Bool)? {
        let isEntries = parts[0] == "entries"
        guard isEntries || (parts[0].count <= 2 && parts[0].allSatisfy(\.isASCIIDigit)) else { return nil }
        var rest = Array(parts.dropFirst())
        var width = TileLayout.width
        if rest.count >= 2, let last = rest.last, let partial = Int(last), rest[rest.count - 2].hasSuffix(".p") {
            width = partial
            rest.removeLast()
            rest[rest.count - 1] = String(rest[rest.count - 1].dropLast(2))
        }
        guard !rest.isEmpty, (1...TileLayout.width).contains(width) else { return nil }
        var index = 0
        for (position, group) in rest.enumerated() {
            let digits = position == rest.count - 1 ? Substring(group) : group.hasPrefix("x") ? group.dropFirst() : ""
            guard digits.count == 3, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else { return nil }
            guard index <= Int.max / 1000 - 1000 else { return nil }
            index = index * 1000 + value
        }
        let level = isEntries ? 0 : Int(parts[0]) ?? -1
        let tile = TileID(level: level, index: index, width: width)
        let spelled = (isEntries ? tile.entriesPath : tile.path).split(separator: "/").dropFirst().map(String.init)
        return spelled == parts ? (tile, isEntries) : nil
    }

    private static func isHash(_ text: Substring) -> Bool {
        text.utf8.count == 64 && isLowerHex(text)
    }

    private static func isLowerHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func isShard(_ shard: Substring, of hash: Substring) -> Bool {
        isHash(hash) && shard == hash.prefix(2)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
