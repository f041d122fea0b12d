import Foundation
import Testing

@testable import MerkleLog

struct CheckpointTests {
    static let root = "rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs="

    @Test func bodyHasOriginSizeAndBase64RootOnePerLine() throws {
        let checkpoint = try Checkpoint(origin: "example.com/log/testdata", size: 15, rootHash: #require(Data(base64Encoded: Self.root)))
        #expect(checkpoint.body == "example.com/log/testdata\n15\n\(Self.root)\n")
        #expect(try Checkpoint(body: checkpoint.body) == checkpoint)
    }

    @Test func extensionLinesFollowTheRootAndRoundTrip() throws {
        let body = "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nfirst extension\nsecond\n"
        let checkpoint = try Checkpoint(body: body)
        #expect(checkpoint.extensions == ["first extension", "second"])
        #expect(checkpoint.rootHash == MerkleHash.emptyRoot && checkpoint.size == 0)
        #expect(checkpoint.body == body)
    }

    @Test func goldenSumdbTreeNoteParses() throws {
        let checkpoint = try Checkpoint(body: "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n")
        #expect(checkpoint.size == 123_456_789_012)
        #expect(checkpoint.rootHash == MerkleHash.leaf(Data("hello world".utf8)))
    }

    @Test(arguments: [
        ("example.com/log\n15\n\(root)", CheckpointError.missingFinalNewline),
        ("example.com/log\n15\n", .tooFewLines(2)),
        ("\n15\n\(root)\n", .emptyOrigin),
        ("example.com/log\n015\n\(root)\n", .invalidSize("015")),
        ("example.com/log\n-1\n\(root)\n", .invalidSize("-1")),
        ("example.com/log\n+1\n\(root)\n", .invalidSize("+1")),
        ("example.com/log\n99999999999999999999\n\(root)\n", .invalidSize("99999999999999999999")),
        ("example.com/log\n15\nAAAA\n", .invalidRootHash("AAAA")),
        ("example.com/log\n15\n\(root.dropLast())\n", .invalidRootHash(String(root.dropLast()))),
        ("example.com/log\r\n15\r\n\(root)\r\n", .carriageReturn),
        ("example.com/log\n15\n\(root)\n\nafter blank\n", .invalidExtensionLine(number: 1)),
    ])
    func malformedBodiesAreRejected(body: String, expected: CheckpointError) {
        #expect(throws: expected) { try Checkpoint(body: body) }
    }

    @Test func fieldsThatCannotBeWrittenAreRejected() {
        #expect(throws: CheckpointError.invalidRootHash("AAAA")) {
            try Checkpoint(origin: "example.com/log", size: 1, rootHash: Data([0, 0, 0]))
        }
        #expect(throws: CheckpointError.emptyOrigin) { try Checkpoint(origin: "", size: 1, rootHash: MerkleHash.emptyRoot) }
        #expect(throws: CheckpointError.invalidSize("-1")) { try Checkpoint(origin: "o", size: -1, rootHash: MerkleHash.emptyRoot) }
        #expect(throws: CheckpointError.invalidExtensionLine(number: 1)) {
            try Checkpoint(origin: "o", size: 1, rootHash: MerkleHash.emptyRoot, extensions: ["a\nb"])
        }
    }

    @Test func crlfCopyOfARealCheckpointFailsBothParsingAndVerification() throws {
        let text = try Vectors.text("tessera-testdata-log/checkpoint.3")
        #expect(throws: NoteError.controlCharacter(0x0D, offset: 24)) {
            try Note(parsing: text.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }
}
