import Foundation
import Testing

@testable import MerkleLog

struct NoteTests {
    static let peterText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let peterLine = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
    static let enochLine = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="
    static let peterVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let enochVkey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"

    @Test func specExampleParsesVerifiesAndRoundTripsByteForByte() throws {
        let bytes = try Vectors.data("c2sp/signed-note-example.note")
        let note = try Note(parsing: bytes)
        #expect(note.text == "This is an example message.\n")
        #expect(note.signatures.map(\.name) == ["example.com/foo"])
        #expect(note.serializedData == bytes)
        let key = try NoteVerifierKey(vkey: Vectors.line("c2sp/signed-note-example.vkey"))
        #expect(try note.verify(trusting: [key]) == [VerifiedSignature(key: key, timestamp: nil)])
    }

    @Test func everyTesseraCheckpointVerifiesWithTheLogKey() throws {
        let key = try NoteVerifierKey(vkey: Vectors.line("tessera-testdata-log/log.vkey"))
        for size in 0...15 {
            let bytes = try Vectors.data(TesseraVectors.checkpointPath(size: size))
            let note = try Note(parsing: bytes)
            #expect(try note.verify(trusting: [key]).map(\.key) == [key])
            #expect(note.serializedData == bytes)
        }
        #expect(try Vectors.data("tessera-testdata-log/checkpoint") == Vectors.data(TesseraVectors.checkpointPath(size: 15)))
    }

    @Test func textIsSplitFromSignaturesAtTheLastBlankLine() throws {
        let note = try Note(parsing: "one\n\ntwo\n\n" + Self.peterLine + "\n")
        #expect(note.text == "one\n\ntwo\n")
        #expect(note.signatures.count == 1)
    }

    @Test func signaturesByUnknownKeysAreIgnoredButOneTrustedSignatureIsNeeded() throws {
        let note = try Note(parsing: Self.peterText + "\n" + Self.peterLine + "\n" + Self.enochLine + "\n")
        let peter = try NoteVerifierKey(vkey: Self.peterVkey)
        let enoch = try NoteVerifierKey(vkey: Self.enochVkey)
        #expect(try note.verify(trusting: [peter]).map(\.key) == [peter])
        #expect(try note.verify(trusting: [enoch, peter]).map(\.key) == [peter, enoch])
        let stranger = try NoteSignerKey.generate(name: "stranger").verifierKey
        #expect(throws: NoteError.noTrustedSignature(signers: ["PeterNeumann", "EnochRoot"])) {
            try note.verify(trusting: [stranger])
        }
    }

    @Test func aTrustedSignatureThatFailsRejectsTheWholeNote() throws {
        let peter = try NoteVerifierKey(vkey: Self.peterVkey)
        let enoch = try NoteVerifierKey(vkey: Self.enochVkey)
        // Enoch's signature carried under Peter's name and key ID: claims a trusted key, does not verify.
        let enochSignature = try Note(parsing: Self.peterText + "\n" + Self.enochLine + "\n").signatures[0]
        let forgedPeter = try Note.Signature(name: "PeterNeumann", keyID: peter.keyID, signature: enochSignature.signature)
        let note = try Note(text: Self.peterText, signatures: [enochSignature, forgedPeter])
        #expect(throws: NoteError.invalidSignature(name: "PeterNeumann", keyID: "c74f20a3")) {
            try note.verify(trusting: [enoch, peter])
        }
    }

    @Test func flippingAnyByteOfTextOrSignatureBreaksVerification() throws {
        let bytes = try Vectors.data("c2sp/signed-note-example.note")
        let key = try NoteVerifierKey(vkey: Vectors.line("c2sp/signed-note-example.vkey"))
        for offset in bytes.indices {
            var mutated = bytes
            mutated[offset] ^= 0x01
            let outcome = Result { () throws(NoteError) in try Note(parsing: mutated).verify(trusting: [key]) }
            #expect(throws: NoteError.self, "byte \(offset)") { try outcome.get() }
        }
    }

    @Test(arguments: [
        ("no signatures", "hello\n\n", NoteError.missingSignatureBlock),
        ("no blank line", "hello\n— a AAAAAAA=\n", .missingSignatureBlock),
        ("no final newline", "hello\n\n— PeterNeumann x08go/ZJ\n— a AAAAAAA=", .missingSignatureBlock),
        ("CRLF", "hello\r\n\r\n— a AAAAAAA=\r\n", .controlCharacter(0x0D, offset: 5)),
        ("tab", "he\tllo\n\n— a AAAAAAA=\n", .controlCharacter(0x09, offset: 2)),
        (
            "hyphen instead of em dash", "hello\n\n- a AAAAAAA=\n",
            .malformedSignatureLine(number: 1, reason: "does not start with an em dash and a space")
        ),
        ("missing signature", "hello\n\n— a\n", .malformedSignatureLine(number: 1, reason: "no space between key name and signature")),
        ("bad base64", "hello\n\n— a AAAA!AA=\n", .malformedSignatureLine(number: 1, reason: "signature is not canonical base64")),
        ("non-canonical base64", "hello\n\n— a AAAAAAB=\n", .malformedSignatureLine(number: 1, reason: "signature is not canonical base64")),
        (
            "key ID only", "hello\n\n— a AAAAAA==\n",
            .malformedSignatureLine(number: 1, reason: "signature shorter than its 4-byte key ID")
        ),
        ("plus in name", "hello\n\n— a+b AAAAAAA=\n", .malformedSignatureLine(number: 1, reason: "invalid key name 'a+b'")),
        ("trailing blank line", "hello\n\n— a AAAAAAA=\n\n", .missingSignatureBlock),
        ("em dash only", "hello\n\n— \n", .malformedSignatureLine(number: 1, reason: "no space between key name and signature")),
    ])
    func malformedNotesAreRejectedWithAPreciseError(name: String, message: String, expected: NoteError) {
        #expect(throws: expected, "\(name)") { try Note(parsing: message) }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: NoteError.invalidUTF8) { try Note(parsing: Data([0x68, 0xFF, 0x0A, 0x0A]) + Data("— a AAAAAAA=\n".utf8)) }
    }

    @Test func atMostOneHundredSignaturesAreAccepted() throws {
        let line = "— a AAAAAAA=\n"
        #expect(try Note(parsing: "hello\n\n" + String(repeating: line, count: 100)).signatures.count == 100)
        #expect(throws: NoteError.tooManySignatures(101)) {
            try Note(parsing: "hello\n\n" + String(repeating: line, count: 101))
        }
    }

    @Test func sunlightCheckpointParsesAndItsECDSALogSignatureIsSkipped() throws {
        let bytes = try Vectors.data("sunlight-skylight/rome2026h1.checkpoint")
        let note = try Note(parsing: bytes)
        #expect(note.serializedData == bytes)
        #expect(try Checkpoint(note).size == 300)
        // The log signs with an RFC 6962 ECDSA signature (type 0x05), which we do not verify:
        // a key of ours that happens to share the name is not confused with it.
        let lookalike = try NoteSignerKey.generate(name: "rome2026h1.example.org").verifierKey
        #expect(throws: NoteError.noTrustedSignature(signers: ["rome2026h1.example.org"])) {
            try note.verify(trusting: [lookalike])
        }
    }

    @Test func sunlightWitnessCosignatureVerifiesWithTheWitnessKey() throws {
        let bytes = try Vectors.data("sunlight-skylight/rome2026h1.cosigned.checkpoint")
        let note = try Note(parsing: bytes)
        #expect(note.serializedData == bytes)
        let witness = try NoteVerifierKey(vkey: "witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN")
        #expect(witness.type == .cosignatureV1)
        let verified = try note.verify(trusting: [witness])
        #expect(verified.map(\.key) == [witness])
        #expect(verified.first?.timestamp == 1_767_139_200)

        let tampered = try Note(
            parsing: note.text.replacingOccurrences(of: "300", with: "301") + "\n"
                + note.signatures.map { $0.line + "\n" }.joined())
        #expect(throws: NoteError.invalidSignature(name: "witness.example.org", keyID: "b8a2cf20")) {
            try tampered.verify(trusting: [witness])
        }
    }
}
