import Crypto
import Foundation
import Testing

@testable import MerkleLog

/// c2sp.org/tlog-cosignature (cosignature/v1) and c2sp.org/tlog-witness add-checkpoint, without I/O.
struct WitnessTests {
    static let seed = Data(repeating: 7, count: 32)
    static let logSeed = Data(repeating: 9, count: 32)

    private func witnessKey(_ name: String = "witness.example.org", seed: Data = seed) throws -> NoteCosignerKey {
        try NoteCosignerKey(name: name, privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: seed))
    }

    private func logKey() throws -> NoteSignerKey {
        try NoteSignerKey(name: "example.com/log", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: Self.logSeed))
    }

    /// A signed checkpoint of the first `size` of `leaves` leaves named by number.
    private func checkpoint(size: Int, salt: String = "") throws -> (note: Note, tree: MerkleTree) {
        let leaves = (0..<size).map { MerkleHash.leaf(Data("leaf \($0)\(salt)".utf8)) }
        let tree = try MerkleTree(leafHashes: leaves)
        let body = try Checkpoint(origin: "example.com/log", size: size, rootHash: tree.root).body
        return (try logKey().sign(body), tree)
    }

    @Test func cosignatureBytesFollowTheSpec() throws {
        let key = try witnessKey()
        let body = "example.com/log\n3\n\(Data(repeating: 1, count: 32).base64EncodedString())\n"
        let signature = try key.cosign(checkpointBody: body, timestamp: 1_767_139_200)
        // Key ID: SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4], computed here independently.
        let publicKey = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.seed).publicKey
        let digest = Data(SHA256.hash(data: Data("witness.example.org\n".utf8) + Data([0x04]) + publicKey.rawRepresentation))
        #expect(signature.keyID == digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        #expect(key.verifierKey.vkey.hasPrefix("witness.example.org+\(digest.prefix(4).map { String(format: "%02x", $0) }.joined())+B"))
        // Line payload: key ID ‖ uint64be timestamp ‖ 64-byte Ed25519 signature = 76 bytes.
        let payload = try #require(Data(base64Encoded: String(signature.line.split(separator: " ")[2])))
        #expect(payload.count == 76)
        #expect(payload[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == 1_767_139_200)
        let message = Data("cosignature/v1\ntime 1767139200\n\(body)".utf8)
        #expect(publicKey.isValidSignature(payload.suffix(64), for: message))
        let note = try Note(text: body, signatures: [signature])
        #expect(try note.verify(trusting: [key.verifierKey]) == [VerifiedSignature(key: key.verifierKey, timestamp: 1_767_139_200)])
    }

    @Test func cosignerSkeyRoundTripsAndIsNotALogKey() throws {
        let key = try witnessKey()
        let parsed = try NoteCosignerKey(skey: key.skey)
        #expect(parsed.verifierKey == key.verifierKey)
        #expect(throws: NoteError.unsupportedKeyType(0x04)) { try NoteSignerKey(skey: key.skey) }
        #expect(throws: NoteError.unsupportedKeyType(0x01)) { try NoteCosignerKey(skey: try logKey().skey) }
    }

    @Test func theSunlightWitnessLineHasTheSameShape() throws {
        // The real cosignature in the fixture verifies through the same message function (NoteTests), and has our layout.
        let note = try Note(parsing: try Vectors.data("sunlight-skylight/rome2026h1.cosigned.checkpoint"))
        let line = try #require(note.signatures.last)
        #expect(line.name == "witness.example.org" && String(line.keyID, radix: 16) == "b8a2cf20" && line.signature.count == 72)
    }

    @Test func requestBodyRoundTrips() throws {
        let (note, tree) = try checkpoint(size: 5)
        let proof = try tree.consistencyProof(from: 3)
        let request = AddCheckpointRequest(oldSize: 3, proof: proof.hashes, checkpoint: note)
        #expect(request.text.hasPrefix("old 3\n\(proof.hashes[0].base64EncodedString())\n"))
        #expect(try AddCheckpointRequest(parsing: Data(request.text.utf8)) == request)
        let empty = AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: note)
        #expect(empty.text.hasPrefix("old 0\n\nexample.com/log\n5\n"))
        #expect(try AddCheckpointRequest(parsing: Data(empty.text.utf8)) == empty)
    }

    @Test(arguments: [
        ("old three\n\nx", 1, "expected 'old <size>'"),
        ("old 03\n\nx", 1, "expected 'old <size>'"),
        ("new 3\n\nx", 1, "expected 'old <size>'"),
        ("old 3\n", 1, "no blank line"),
        ("old 3\nAAAA\n\nx", 2, "not a base64 SHA-256 hash"),
        ("old 3\n\(Data(count: 32).base64EncodedString())\n!!\n\nx", 3, "not a base64 SHA-256 hash"),
        ("old 3\n\nnot a note\n", 3, "not a signed note"),
    ])
    func badRequestBodiesNameTheLine(body: String, line: Int, reason: String) {
        #expect {
            try AddCheckpointRequest(parsing: Data(body.utf8))
        } throws: { error in
            guard case let .malformed(got, why) = error as? WitnessRequestError else { return false }
            return got == line && why.contains(reason) && "\(error)".contains("line \(line)")
        }
    }

    @Test func witnessCosignsGrowthAndRefusesConflictsForksAndStrangers() throws {
        let key = try witnessKey()
        let logKeys = [try logKey().verifierKey]
        let (note3, _) = try checkpoint(size: 3)
        let first = try Witness.addCheckpoint(
            AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: note3),
            logKeys: logKeys, known: nil, key: key, timestamp: 100)
        #expect(first.checkpoint.size == 3)
        #expect(try Note(text: note3.text, signatures: [first.cosignature]).verify(trusting: [key.verifierKey]).count == 1)

        let (note5, tree5) = try checkpoint(size: 5)
        let proof = try tree5.consistencyProof(from: 3).hashes
        let grown = try Witness.addCheckpoint(
            AddCheckpointRequest(oldSize: 3, proof: proof, checkpoint: note5),
            logKeys: logKeys, known: first.checkpoint, key: key, timestamp: 200)
        #expect(grown.checkpoint.size == 5)

        #expect(throws: WitnessError.conflict(knownSize: 5)) {
            try Witness.addCheckpoint(
                AddCheckpointRequest(oldSize: 3, proof: proof, checkpoint: note5),
                logKeys: logKeys, known: grown.checkpoint, key: key, timestamp: 300)
        }
        // A fork: same origin, same key, same size, another root (422, as a proof that does not lead from the remembered root).
        let (forked, _) = try checkpoint(size: 5, salt: "!")
        #expect(
            status { () throws(WitnessError) in
                try Witness.addCheckpoint(
                    AddCheckpointRequest(oldSize: 5, proof: [], checkpoint: forked),
                    logKeys: logKeys, known: grown.checkpoint, key: key, timestamp: 300)
            } == 422)
        let (bigger, _) = try checkpoint(size: 7, salt: "!")
        #expect(
            status { () throws(WitnessError) in
                try Witness.addCheckpoint(
                    AddCheckpointRequest(oldSize: 5, proof: proof, checkpoint: bigger),
                    logKeys: logKeys, known: grown.checkpoint, key: key, timestamp: 300)
            } == 422)
        // Unknown origin (404) and a checkpoint signed by another key of the same name (403).
        #expect(
            status { () throws(WitnessError) in
                try Witness.addCheckpoint(
                    AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: note3),
                    logKeys: [], known: nil, key: key, timestamp: 1)
            } == 404)
        let stranger = try NoteSignerKey(name: "example.com/log", privateKey: Curve25519.Signing.PrivateKey())
        let strangers = try stranger.sign(note3.text)
        #expect(
            status { () throws(WitnessError) in
                try Witness.addCheckpoint(
                    AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: strangers),
                    logKeys: logKeys, known: nil, key: key, timestamp: 1)
            } == 403)
    }

    /// The protocol status a refusal stands for; nil when the witness cosigned.
    private func status(_ body: () throws(WitnessError) -> Any) -> Int? {
        do { _ = try body(); return nil } catch { return error.status }
    }

    @Test func quorumCountsDistinctListedWitnessesOnly() throws {
        let (note, _) = try checkpoint(size: 3)
        let one = try witnessKey("w1.example")
        let two = try witnessKey("w2.example", seed: Data(repeating: 8, count: 32))
        let unlisted = try witnessKey("w3.example", seed: Data(repeating: 6, count: 32))
        let cosign = { (key: NoteCosignerKey) in try key.cosign(checkpointBody: note.text, timestamp: 42) }
        let withOne = try Note(text: note.text, signatures: note.signatures + [try cosign(one), try cosign(unlisted)])
        let policy = try WitnessQuorum(witnesses: [one.verifierKey, two.verifierKey], required: 2)
        #expect(throws: WitnessQuorumError.tooFew(valid: 1, required: 2)) { try policy.check(withOne) }
        let withTwo = try Note(text: note.text, signatures: withOne.signatures + [try cosign(two)])
        #expect(try policy.check(withTwo).count == 2)
        // The unlisted witness's valid cosignature does not count, however many lines it adds.
        let unlistedOnly = try Note(text: note.text, signatures: note.signatures + [try cosign(unlisted)])
        #expect(throws: WitnessQuorumError.tooFew(valid: 0, required: 1)) {
            try WitnessQuorum(witnesses: [one.verifierKey], required: 1).check(unlistedOnly)
        }
        #expect(throws: WitnessQuorumError.impossible(required: 2, given: 1)) {
            try WitnessQuorum(witnesses: [one.verifierKey, one.verifierKey], required: 2)
        }
        #expect(throws: WitnessQuorumError.notAWitnessKey(try logKey().verifierKey.vkey)) {
            try WitnessQuorum(witnesses: [try logKey().verifierKey], required: 1)
        }
    }
}
