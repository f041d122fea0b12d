import Foundation

/// A checkpoint note whose signature by one of `keys` was checked, and the checkpoint it states.
/// Proofs that lead to exactly this note, checked with the same keys, need not check it again: a
/// bundle of 67k records checked the same Ed25519 signature 67k times, a quarter of its verification.
public struct VerifiedCheckpoint: Sendable {
    public let note: Note
    public let checkpoint: Checkpoint
    /// The keys the note was verified against.
    public let keys: [NoteVerifierKey]
    /// The note as written: a proof holding exactly these bytes holds this note (``TlogProof/init(text:known:)``).
    let serialized: String

    public init(_ note: Note, trusting keys: [NoteVerifierKey]) throws(TlogProofError) {
        do { try note.verify(trusting: keys) } catch { throw .note(error) }
        do { checkpoint = try Checkpoint(note) } catch { throw .checkpoint(error) }
        self.note = note
        self.keys = keys
        serialized = note.serialized
    }

    /// Whether `note`, to be verified against `keys`, is this one: the same bytes and the same keys.
    func covers(_ note: Note, trusting keys: [NoteVerifierKey]) -> Bool { self.note == note && self.keys == keys }
}
