import Foundation

/// A consistency proof between two checkpoints of one log, as a file an auditor keeps:
///
/// ```
/// vigil.consistency-proof/v1
/// old 2
/// new 3
/// <base64 hashes, one per line>
///
/// <the newer signed checkpoint>
/// ```
public struct CheckpointConsistency: Sendable, Hashable {
    public static let header = "vigil.consistency-proof/v1"

    public let proof: ConsistencyProof
    /// The newer checkpoint the proof leads to.
    public let checkpoint: Note

    public init(proof: ConsistencyProof, checkpoint: Note) {
        self.proof = proof
        self.checkpoint = checkpoint
    }

    public var text: String {
        var lines = [Self.header, "old \(proof.size1)", "new \(proof.size2)"]
        lines += proof.hashes.map { $0.base64EncodedString() }
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    public init(text: String) throws(ProofFileError) {
        guard let blank = firstBlankLine(in: text) else { throw .malformed("no blank line before the checkpoint") }
        let lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, lines[0] == Self.header, lines[1].hasPrefix("old "), lines[2].hasPrefix("new "),
            let old = Int(lines[1].dropFirst(4)), let new = Int(lines[2].dropFirst(4))
        else { throw .malformed("expected \(Self.header), old and new lines") }
        var hashes: [Data] = []
        for line in lines.dropFirst(3) {
            guard let hash = Data(base64Encoded: line), hash.count == MerkleHash.byteCount else {
                throw .malformed("'\(line)' is not a base64 SHA-256 hash")
            }
            hashes.append(hash)
        }
        do {
            self.init(
                proof: ConsistencyProof(size1: old, size2: new, hashes: hashes),
                checkpoint: try Note(parsing: String(text[blank.upperBound...])))
        } catch { throw .malformed("checkpoint: \(error)") }
    }

    /// Checks that `older` (a signed checkpoint) is a prefix of this file's checkpoint, both signed by `keys`.
    @discardableResult
    public func verify(older: Note, trusting keys: [NoteVerifierKey]) throws(ProofFileError) -> (old: Checkpoint, new: Checkpoint) {
        let old: Checkpoint
        let new: Checkpoint
        do {
            try older.verify(trusting: keys)
            try checkpoint.verify(trusting: keys)
            old = try Checkpoint(older)
            new = try Checkpoint(checkpoint)
        } catch { throw .rejected("\(error)") }
        guard old.origin == new.origin else { throw .rejected("the checkpoints are of different logs: \(old.origin), \(new.origin)") }
        guard proof.size1 == old.size, proof.size2 == new.size else {
            throw .rejected("the proof is for sizes \(proof.size1)→\(proof.size2), the checkpoints are \(old.size)→\(new.size)")
        }
        do { try proof.verify(root1: old.rootHash, root2: new.rootHash) } catch {
            throw .rejected("size \(old.size) is not a prefix of size \(new.size): \(error)")
        }
        return (old, new)
    }
}

/// Why a proof file was not accepted.
public enum ProofFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case rejected(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed proof file: \(reason)"
        case .rejected(let reason): reason
        }
    }
}
