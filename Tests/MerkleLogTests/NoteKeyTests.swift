import Foundation
import Testing

@testable import MerkleLog

struct NoteVerifierKeyTests {
    @Test func vkeyParsesAndFormatsBackIdentically() throws {
        for vkey in [NoteTests.peterVkey, "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"] {
            let key = try NoteVerifierKey(vkey: vkey)
            #expect(key.vkey == vkey && key.type == .ed25519)
        }
        let sumdb = try NoteVerifierKey(vkey: "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8")
        #expect(sumdb.name == "sum.golang.org" && sumdb.keyID == 0x033d_e0ae)
    }

    @Test func goBadVkeysAreRejected() {
        #expect(throws: NoteError.malformedKey(reason: "key is not canonical base64")) {
            try NoteVerifierKey(vkey: "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
        }
        #expect(throws: NoteError.unsupportedKeyType(0x65)) {
            try NoteVerifierKey(vkey: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
    }

    @Test func keyIDThatDoesNotMatchNameAndKeyIsRejected() {
        #expect(throws: NoteError.keyIDMismatch(name: "PeterNeumann", declared: "c74f20a4", computed: "c74f20a3")) {
            try NoteVerifierKey(vkey: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
    }

    @Test func everyOneByteMutationOrTruncationOfAVkeyIsRejected() {
        let vkey = Array(NoteTests.peterVkey.utf8)
        for offset in vkey.indices {
            var mutated = vkey
            mutated[offset] ^= 0x01
            #expect(throws: NoteError.self, "byte \(offset)") {
                try NoteVerifierKey(vkey: String(decoding: mutated, as: UTF8.self))
            }
            #expect(throws: NoteError.self, "prefix \(offset)") {
                try NoteVerifierKey(vkey: String(decoding: vkey[..<offset], as: UTF8.self))
            }
            #expect(throws: NoteError.self, "suffix \(offset)") {
                try NoteVerifierKey(vkey: String(decoding: vkey[(offset + 1)...], as: UTF8.self))
            }
        }
    }
}

struct NoteSignerKeyTests {
    static let peterSkey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"

    @Test func goSignerKeyReproducesGosSignatureByteForByte() throws {
        let signer = try NoteSignerKey(skey: Self.peterSkey)
        #expect(signer.skey == Self.peterSkey)
        #expect(signer.verifierKey.vkey == NoteTests.peterVkey)
        let note = try signer.sign(NoteTests.peterText)
        #expect(note.serialized == NoteTests.peterText + "\n" + NoteTests.peterLine + "\n")
    }

    @Test func zeroSeedGivesGosEnochRootKeyAndSignature() throws {
        let seed = Data(repeating: 0, count: 32)
        let signer = try NoteSignerKey(skey: "PRIVATE+KEY+EnochRoot+af0cfe78+" + (Data([1]) + seed).base64EncodedString())
        #expect(signer.verifierKey.vkey == NoteTests.enochVkey)
        #expect(try signer.sign(NoteTests.peterText).signatures[0].line == NoteTests.enochLine)
    }

    @Test func goTestServerKeyPairMatches() throws {
        let signer = try NoteSignerKey(skey: "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk")
        #expect(signer.verifierKey.vkey == "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6")
    }

    @Test func generatedKeySignsNotesItsVerifierAccepts() throws {
        let signer = try NoteSignerKey.generate(name: "example.com/log")
        let restored = try NoteSignerKey(skey: signer.skey)
        let verifier = try NoteVerifierKey(vkey: restored.verifierKey.vkey)
        let note = try signer.sign("example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
        #expect(try Note(parsing: note.serialized).verify(trusting: [verifier]).map(\.key) == [verifier])
    }

    @Test func rolloverNoteCarriesBothSignaturesAndEitherKeyVerifiesIt() throws {
        let old = try NoteSignerKey.generate(name: "example.com/log")
        let new = try NoteSignerKey.generate(name: "example.com/log")
        let note = try new.sign(try old.sign("example.com/log\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n"))
        #expect(note.signatures.map(\.keyID) == [old.keyID, new.keyID])
        #expect(try note.verify(trusting: [old.verifierKey]).count == 1)
        #expect(try note.verify(trusting: [new.verifierKey]).count == 1)
        #expect(try note.verify(trusting: [old.verifierKey, new.verifierKey]).count == 2)
        #expect(try old.sign(note).signatures.count == 2)  // re-signing replaces, never duplicates
    }

    @Test func signingRejectsTextThatCannotBeANote() throws {
        let signer = try NoteSignerKey.generate(name: "example.com/log")
        #expect(throws: NoteError.textNotEndingInNewline) { try signer.sign("no newline") }
        #expect(throws: NoteError.controlCharacter(0x0D, offset: 3)) { try signer.sign("abc\r\n") }
        #expect(throws: NoteError.invalidKeyName("has space")) { try NoteSignerKey.generate(name: "has space") }
    }

    @Test func malformedSignerKeysAreRejectedWithoutEchoingTheSecret() {
        #expect(throws: NoteError.malformedKey(reason: "expected PRIVATE+KEY+name+keyid+key")) {
            try NoteSignerKey(skey: "SECRET+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        }
        #expect(throws: NoteError.keyIDMismatch(name: "PeterNeumann", declared: "c74f20a4", computed: "c74f20a3")) {
            try NoteSignerKey(skey: "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        }
    }
}
