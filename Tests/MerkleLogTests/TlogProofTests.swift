import Foundation
import Testing

@testable import MerkleLog

struct TlogProofTests {
    static let proofPath = "sumdb/go.sum-database-tree-43930254.tlog-proof"
    static let leafPath = "sumdb/go.sum-database-tree-43930254.raw"

    @Test func realSumdbProofVerifiesWithItsRecordAndKey() throws {
        let proof = try TlogProof(text: Vectors.text(Self.proofPath))
        let key = try NoteVerifierKey(vkey: Vectors.line("sumdb/sum.golang.org.vkey"))
        let checkpoint = try proof.verify(leaf: Vectors.data(Self.leafPath), trusting: [key])
        #expect(checkpoint.origin == "go.sum database tree" && checkpoint.size == 58_253_265)
        #expect(proof.index == 43_930_254 && proof.hashes.count == 26 && proof.extra == nil)
    }

    @Test func proofTextRoundTripsByteForByte() throws {
        let text = try Vectors.text(Self.proofPath)
        #expect(try TlogProof(text: text).text == text)
        let withExtra = TlogProof(extra: Data("age-v1.2.1".utf8), index: 0, hashes: [], checkpoint: try TlogProof(text: text).checkpoint)
        #expect(try TlogProof(text: withExtra.text) == withExtra)
        #expect(withExtra.text.hasPrefix("c2sp.org/tlog-proof@v1\nextra YWdlLXYxLjIuMQ==\nindex 0\n\ngo.sum database tree\n"))
    }

    @Test func flippingAnyByteOfLeafOrProofFails() throws {
        let text = Array(try Vectors.data(Self.proofPath))
        let leaf = try Vectors.data(Self.leafPath)
        let key = try NoteVerifierKey(vkey: Vectors.line("sumdb/sum.golang.org.vkey"))
        for offset in leaf.indices {
            var mutated = leaf
            mutated[offset] ^= 0x01
            #expect(throws: TlogProofError.self, "leaf byte \(offset)") {
                try TlogProof(text: String(decoding: text, as: UTF8.self)).verify(leaf: mutated, trusting: [key])
            }
        }
        for offset in text.indices {
            var mutated = text
            mutated[offset] ^= 0x01
            #expect(throws: TlogProofError.self, "proof byte \(offset)") {
                try TlogProof(text: String(decoding: mutated, as: UTF8.self)).verify(leaf: leaf, trusting: [key])
            }
        }
    }

    @Test func proofSignedByAnUntrustedKeyIsRejected() throws {
        let proof = try TlogProof(text: Vectors.text(Self.proofPath))
        let other = try NoteVerifierKey(vkey: NoteTests.peterVkey)
        #expect(throws: TlogProofError.note(.noTrustedSignature(signers: ["sum.golang.org"]))) {
            try proof.verify(leaf: Vectors.data(Self.leafPath), trusting: [other])
        }
    }

    /// Proof texts are split into lines on their bytes, as splitting on Characters did for text without
    /// carriage returns (every parser that splits so refuses those first).
    @Test func linesSplitOnBytesAsOnCharacters() {
        for text in ["", "\n", "a", "a\n", "\n\nb", "size 3\nq83\u{2014}é\n\nz", "🙂\n🙂🙂\n"] {
            let substring = Substring("x" + text).dropFirst()
            #expect(lines(of: substring) == substring.split(separator: "\n", omittingEmptySubsequences: false), "\(text)")
        }
    }

    /// `proof` with its checkpoint's first signature changed in one bit: the same text, another note.
    private static func withForgedSignature(_ proof: TlogProof) throws -> TlogProof {
        let genuine = try #require(proof.checkpoint.signatures.first)
        var bytes = genuine.signature
        bytes[0] ^= 1
        return TlogProof(
            index: proof.index, hashes: proof.hashes,
            checkpoint: try Note(text: proof.checkpoint.text, signatures: [try .init(name: genuine.name, keyID: genuine.keyID, signature: bytes)]))
    }

    /// A checkpoint verified once is taken for proofs that carry exactly its note, checked with the
    /// same keys; the inclusion is still checked, and another note or other keys are checked in full.
    @Test func aVerifiedCheckpointIsTakenOnlyForItsOwnNoteAndKeys() throws {
        let proof = try TlogProof(text: Vectors.text(Self.proofPath))
        let leaf = MerkleHash.leaf(try Vectors.data(Self.leafPath))
        let key = try NoteVerifierKey(vkey: Vectors.line("sumdb/sum.golang.org.vkey"))
        let known = try VerifiedCheckpoint(proof.checkpoint, trusting: [key])
        #expect(try proof.verify(leafHash: leaf, trusting: [key], known: known).size == 58_253_265)
        var other = leaf
        other[0] ^= 1
        #expect(throws: TlogProofError.self) { try proof.verify(leafHash: other, trusting: [key], known: known) }
        let untrusted = try NoteVerifierKey(vkey: NoteTests.peterVkey)
        #expect(throws: TlogProofError.note(.noTrustedSignature(signers: ["sum.golang.org"]))) {
            try proof.verify(leafHash: leaf, trusting: [untrusted], known: known)
        }
        // The same text under a changed signature is another note: checked, and refused.
        let forged = try Self.withForgedSignature(proof)
        #expect(throws: TlogProofError.self) { try forged.verify(leafHash: leaf, trusting: [key], known: known) }
        #expect(throws: TlogProofError.self) { try VerifiedCheckpoint(forged.checkpoint, trusting: [key]) }
    }

    /// A proof parsed with a verified checkpoint at hand takes that note when it carries exactly its
    /// bytes, and parses as without it either way: the forged signature's note is parsed, not taken.
    @Test func aProofCarryingAKnownCheckpointParsesAsWithoutIt() throws {
        let text = try Vectors.text(Self.proofPath)
        let proof = try TlogProof(text: text)
        let key = try NoteVerifierKey(vkey: Vectors.line("sumdb/sum.golang.org.vkey"))
        let known = try VerifiedCheckpoint(proof.checkpoint, trusting: [key])
        #expect(try TlogProof(text: text, known: known) == proof)
        #expect(try TlogProof(text: text, known: known).text == text)
        let forged = try Self.withForgedSignature(proof)
        let parsed = try TlogProof(text: forged.text, known: known)
        #expect(parsed == forged && parsed.checkpoint != known.note)
        #expect(throws: TlogProofError.self) { try parsed.verify(leafHash: Data(count: 32), trusting: [key], known: known) }
        // A note that does not parse is refused as without a known one.
        let broken = forged.text.replacingOccurrences(of: "\n\u{2014} ", with: "\n- ")
        #expect(throws: TlogProofError.self) { try TlogProof(text: broken, known: known) }
    }

    /// Swift's `String` equality is Unicode canonical equivalence: a checkpoint whose origin spells
    /// "é" decomposed equals the signed one with "é" composed as strings, but not as bytes. Such a
    /// note is another note: parsed, not taken for the verified one, and its signature refused.
    @Test func aNoteRespelledInAnotherUnicodeFormIsAnotherNote() throws {
        let signer = try NoteSignerKey.generate(name: "example.com/log")
        let leaf = MerkleHash.leaf(Data("entry".utf8))
        let root = leaf.base64EncodedString()
        let composed = "exampl\u{E9}.com/log\n1\n\(root)\n"
        let decomposed = "example\u{301}.com/log\n1\n\(root)\n"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        let genuine = try signer.sign(composed)
        let respelled = try Note(text: decomposed, signatures: genuine.signatures)
        #expect(genuine != respelled)
        let keys = [signer.verifierKey]
        let known = try VerifiedCheckpoint(genuine, trusting: keys)
        #expect(try TlogProof(index: 0, hashes: [], checkpoint: genuine).verify(leafHash: leaf, trusting: keys, known: known).size == 1)
        let proof = TlogProof(index: 0, hashes: [], checkpoint: respelled)
        let parsed = try TlogProof(text: proof.text, known: known)
        #expect(parsed.text == proof.text)
        #expect(throws: TlogProofError.self) { try parsed.verify(leafHash: leaf, trusting: keys, known: known) }
    }

    @Test func proofMadeFromATesseraCheckpointVerifiesEveryEntry() throws {
        let leaves = try TesseraVectors.leaves()
        let tree = try MerkleTree(leafHashes: leaves.map { MerkleHash.leaf($0) })
        let note = try Note(parsing: Vectors.data(TesseraVectors.checkpointPath(size: 15)))
        let key = try NoteVerifierKey(vkey: Vectors.line("tessera-testdata-log/log.vkey"))
        for index in leaves.indices {
            let inclusion = try tree.inclusionProof(index: index)
            let proof = try TlogProof(text: TlogProof(index: index, hashes: inclusion.hashes, checkpoint: note).text)
            #expect(try proof.verify(leaf: leaves[index], trusting: [key]).size == 15)
            #expect(throws: TlogProofError.self) { try proof.verify(leaf: leaves[(index + 1) % 15], trusting: [key]) }
        }
    }

    @Test(arguments: [
        ("tlog-proof@v1\nindex 0\n\n", TlogProofError.malformed(line: 1, reason: "not c2sp.org/tlog-proof@v1")),
        ("c2sp.org/tlog-proof@v1\nindex 01\n\n", .malformed(line: 2, reason: "expected 'index <decimal>'")),
        ("c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\n", .malformed(line: 2, reason: "extra data is not canonical base64")),
        ("c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\n", .malformed(line: 3, reason: "not base64 of a 32-byte hash")),
        ("c2sp.org/tlog-proof@v1\nindex 0\n", .malformed(line: 1, reason: "no blank line before the checkpoint")),
        ("c2sp.org/tlog-proof@v1\nindex 0\n\nno signatures\n", .note(.missingSignatureBlock)),
        ("c2sp.org/tlog-proof@v1\r\nindex 0\r\n\r\n", .malformed(line: 1, reason: "carriage return (tlog-proofs are LF-only)")),
    ])
    func malformedProofsAreRejected(text: String, expected: TlogProofError) {
        #expect(throws: expected) { try TlogProof(text: text) }
    }
}
