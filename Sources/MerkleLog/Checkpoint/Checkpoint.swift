import Foundation

/// A C2SP tlog-checkpoint: the log's origin, tree size and root hash (plus rarely used extension
/// lines), as the text of a signed ``Note``.
///
/// ```
/// example.com/log
/// 15
/// rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=
/// ```
public struct Checkpoint: Sendable, Hashable {
    /// The log's identity, normally equal to its key name.
    public let origin: String
    /// The number of leaves.
    public let size: Int
    /// The RFC 6962 root hash of the first ``size`` leaves.
    public let rootHash: Data
    /// Opaque extension lines after the root hash (NOT RECOMMENDED by the spec).
    public let extensions: [String]

    /// A checkpoint from its fields.
    ///
    /// - Throws: ``CheckpointError`` when a field could not be written as a valid body.
    public init(origin: String, size: Int, rootHash: Data, extensions: [String] = []) throws(CheckpointError) {
        guard !origin.isEmpty else { throw .emptyOrigin }
        guard size >= 0 else { throw .invalidSize(String(size)) }
        guard rootHash.count == MerkleHash.byteCount else { throw .invalidRootHash(rootHash.base64EncodedString()) }
        for (i, line) in ([origin] + extensions).enumerated() {
            if line.contains("\r") { throw .carriageReturn }
            if line.contains("\n") {
                throw i == 0 ? .emptyOrigin : .invalidExtensionLine(number: i)  // a newline would split the field
            }
        }
        if let i = extensions.firstIndex(where: \.isEmpty) { throw .invalidExtensionLine(number: i + 1) }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint body (the note text).
    public init(body: String) throws(CheckpointError) {
        guard !body.utf8.contains(0x0D) else { throw .carriageReturn }
        guard body.utf8.last == 0x0A else { throw .missingFinalNewline }
        let lines = MerkleLog.lines(of: body.dropLast()).map(String.init)
        guard lines.count >= 3 else { throw .tooFewLines(lines.count) }
        guard let size = parseDecimal(lines[1]) else { throw .invalidSize(lines[1]) }
        guard let root = strictBase64(lines[2]), root.count == MerkleHash.byteCount else {
            throw .invalidRootHash(lines[2])
        }
        try self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
    }

    /// Parses the text of a signed note as a checkpoint (verify the note first).
    public init(_ note: Note) throws(CheckpointError) {
        try self.init(body: note.text)
    }

    /// The body: `origin\nsize\nbase64(root)\n` followed by the extension lines.
    public var body: String {
        ([origin, String(size), rootHash.base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }
}
