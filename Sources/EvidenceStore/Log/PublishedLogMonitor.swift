import Foundation
import MerkleLog

/// A monitor's step along a published log: from the checkpoint it verified last to the one
/// published now, reading the hash tiles a consistency proof needs and the entry bundles of what
/// the log appended.
public enum PublishedLogMonitor {
    /// What a run found.
    public enum Outcome: Sendable, Equatable {
        /// No checkpoint remembered: the whole copy was verified (entries, tiles, root).
        case firstSeen
        /// The same checkpoint as last time (size and root).
        case unchanged
        /// Grew from the remembered size, with a verified consistency proof and the new entries
        /// hashing to the signed root.
        case grew(from: Int)
    }

    /// Verifies the published checkpoint against `keys` and, when `known` (the last checkpoint this
    /// monitor verified for the origin) is given, that the log only appended since.
    ///
    /// - Throws: ``StoreError/tampered(_:)`` on a bad signature, a rollback (smaller size) or a fork
    ///   (same size and another root, or no consistency from the remembered root).
    public static func follow(
        known: Checkpoint?, trusting keys: [NoteVerifierKey], read: @escaping (String) throws(StoreError) -> Data?
    ) throws(StoreError) -> (note: Note, checkpoint: Checkpoint, outcome: Outcome) {
        let (note, checkpoint) = try PublishedLog.signedCheckpoint(trusting: keys, read: read)
        guard let known else {
            try PublishedLog.verifyEntries(of: checkpoint, read: read)
            return (note, checkpoint, .firstSeen)
        }
        guard known.origin == checkpoint.origin else {
            throw .tampered("the published checkpoint is of \(checkpoint.origin), the remembered one of \(known.origin)")
        }
        guard checkpoint.size >= known.size else {
            throw .tampered("rollback: the published checkpoint has size \(checkpoint.size), smaller than the last verified size \(known.size)")
        }
        if checkpoint.size == known.size {
            guard checkpoint.rootHash == known.rootHash else {
                throw .tampered(
                    "fork: size \(checkpoint.size) has root \(checkpoint.rootHash.base64EncodedString()), "
                        + "the last verified checkpoint at that size had \(known.rootHash.base64EncodedString())")
            }
            return (note, checkpoint, .unchanged)
        }
        // The tiles of the new size: their right edge must give the signed root, and the proof nodes
        // they hold must lead from the remembered root to it.
        var tiles = TileHashReader(size: checkpoint.size, path: \.path, read: read)
        let root = try tiles.hash(of: NodeID(begin: 0, end: checkpoint.size))
        guard root == checkpoint.rootHash else { throw .tampered("the published tiles do not hash to the signed root at size \(checkpoint.size)") }
        try PublishedLog.verifyEntries(after: known.size, of: checkpoint, tiles: &tiles, read: read)
        guard known.size > 0 else { return (note, checkpoint, .grew(from: 0)) }
        let nodes = try proof { () throws(ProofError) in try ProofPlan.consistency(from: known.size, to: checkpoint.size) }
        var hashes: [Data] = []
        for node in nodes { hashes.append(try tiles.hash(of: node)) }
        do {
            try ConsistencyProof.verify(
                size1: known.size, size2: checkpoint.size, proof: hashes,
                root1: known.rootHash, root2: checkpoint.rootHash)
        } catch {
            throw .tampered("fork: the last verified checkpoint (size \(known.size)) is not a prefix of the published one (size \(checkpoint.size)): \(error)")
        }
        return (note, checkpoint, .grew(from: known.size))
    }
}
