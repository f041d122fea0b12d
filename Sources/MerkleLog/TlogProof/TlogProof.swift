import Foundation

/// A c2sp.org/tlog-proof@v1: an offline-verifiable proof that an entry is in a log — the entry's
/// index, its inclusion proof and the signed checkpoint it leads to.
///
/// ```
/// c2sp.org/tlog-proof@v1
/// extra <base64, optional, unauthenticated>
/// index 73894
/// <base64 hash, leaf's sibling first>
///
/// <signed checkpoint note>
/// ```
public struct TlogProof: Sendable, Hashable {
    /// The first line of every proof.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// Opaque application data; not authenticated, never trust it implicitly.
    public let extra: Data?
    /// The entry's zero-based index in the log.
    public let index: Int
    /// The inclusion proof, leaf's sibling first.
    public let hashes: [Data]
    /// The signed checkpoint the proof leads to, verbatim (with any cosignatures).
    public let checkpoint: Note

    /// A proof from its parts.
    public init(extra: Data? = nil, index: Int, hashes: [Data], checkpoint: Note) {
        self.extra = extra
        self.index = index
        self.hashes = hashes
        self.checkpoint = checkpoint
    }

    /// Parses a proof; it round-trips byte for byte through ``text``. A checkpoint written exactly
    /// as `known`'s note is that note, not parsed again: every proof of a bundle of 67k records ends
    /// with the same one (a note parses to the bytes it was written from, and back).
    public init(text: String, known: VerifiedCheckpoint? = nil) throws(TlogProofError) {
        if let cr = withBytes(of: text, { $0.firstIndex(of: 0x0D) }) {
            let line = withBytes(of: text) { $0[..<cr].count { $0 == 0x0A } } + 1
            throw .malformed(line: line, reason: "carriage return (tlog-proofs are LF-only)")
        }
        guard let blank = firstBlankLine(in: text) else {
            throw .malformed(line: 1, reason: "no blank line before the checkpoint")
        }
        let lines = MerkleLog.lines(of: text[..<blank.lowerBound])
        guard lines.first == Substring(Self.header) else { throw .malformed(line: 1, reason: "not \(Self.header)") }
        var next = 1
        var extra: Data?
        if next < lines.count, lines[next].hasPrefix("extra ") {
            guard let data = strictBase64(lines[next].dropFirst(6)) else {
                throw .malformed(line: next + 1, reason: "extra data is not canonical base64")
            }
            extra = data
            next += 1
        }
        guard next < lines.count, lines[next].hasPrefix("index "), let index = parseDecimal(lines[next].dropFirst(6))
        else { throw .malformed(line: next + 1, reason: "expected 'index <decimal>'") }
        var hashes: [Data] = []
        for (i, line) in lines.enumerated().dropFirst(next + 1) {
            guard let hash = strictBase64(line), hash.count == MerkleHash.byteCount else {
                throw .malformed(line: i + 1, reason: "not base64 of a 32-byte hash")
            }
            hashes.append(hash)
        }
        let note: Note
        let written = text[blank.upperBound...]
        if let known, written.utf8.elementsEqual(known.serialized.utf8) {  // bytes, not Unicode equivalence
            note = known.note
        } else {
            do { note = try Note(parsing: String(written)) } catch { throw .note(error) }
        }
        self.init(extra: extra, index: index, hashes: hashes, checkpoint: note)
    }

    /// The proof as stored (`.tlog-proof`).
    public var text: String {
        var lines = [Self.header]
        if let extra { lines.append("extra \(extra.base64EncodedString())") }
        lines.append("index \(index)")
        lines += hashes.map { $0.base64EncodedString() }
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    /// Verifies that `leaf` (the raw entry bytes) is in the log, per the tlog-proof steps: the
    /// checkpoint is signed by a trusted key, parses, and the inclusion proof of
    /// `MerkleHash.leaf(leaf)` at ``index`` leads to its root.
    ///
    /// - Returns: the verified checkpoint; check its origin against the log you expect.
    @discardableResult
    public func verify(leaf: Data, trusting keys: [NoteVerifierKey]) throws(TlogProofError) -> Checkpoint {
        try verify(leafHash: MerkleHash.leaf(leaf), trusting: keys)
    }

    /// Like ``verify(leaf:trusting:)`` for a leaf hash computed by the application. A proof whose
    /// checkpoint is exactly `known`'s note, with the same keys, takes its verified checkpoint instead
    /// of checking the signature again; any other note is checked in full.
    @discardableResult
    public func verify(
        leafHash: Data, trusting keys: [NoteVerifierKey], known: VerifiedCheckpoint? = nil
    ) throws(TlogProofError)
        -> Checkpoint
    {
        let parsed: Checkpoint
        if let known, known.covers(checkpoint, trusting: keys) {
            parsed = known.checkpoint
        } else {
            parsed = try VerifiedCheckpoint(checkpoint, trusting: keys).checkpoint
        }
        do {
            try InclusionProof.verify(
                leafHash: leafHash, index: index, size: parsed.size, proof: hashes, root: parsed.rootHash)
        } catch { throw .inclusion(error) }
        return parsed
    }
}
