import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

/// `JSONDocuments.forEachValue` of an input read from its file (``StreamedFile``), never held whole:
/// what it hands over, and how it fails, is what the same bytes read whole give; what it holds reads
/// again only while the file still holds those bytes.
struct JSONValuesFromFileTests {
    static func streamed(_ bytes: Data, in folder: TemporaryFolder, limits: InputLimits = .standard) throws -> CollectorInput {
        let url = folder.file("inventory.json")
        try bytes.write(to: url)
        let file = try #require(try StreamedFile.measure(path: url.path)?.get())
        return CollectorInput(fileName: "inventory.json", file: file, subject: nil, observedAt: Date(timeIntervalSince1970: 0), limits: limits)
    }

    @Test(arguments: JSONValuesOneAtATimeTests.texts + JSONValuesOneAtATimeTests.broken)
    func aFileHandsOverWhatItsBytesReadWholeGive(text: String) throws {
        let folder = try TemporaryFolder()
        let whole = JSONValuesOneAtATimeTests.whole(JSONValuesOneAtATimeTests.input(text))
        let input = try Self.streamed(Data(text.utf8), in: folder)
        #expect("\(JSONValuesOneAtATimeTests.oneAtATime(input))" == "\(whole)", "\(text)")
    }

    /// Not UTF-8, a NUL byte, a document that is neither object nor array: read whole, as before.
    @Test(arguments: [[0x5B, 0x31, 0xFF, 0x5D], [0x5B, 0x31, 0x00, 0x5D], Array(#""text""#.utf8), Array("[1] 2".utf8)])
    func aFileNotOfThePlainShapeReadsAsItsBytesReadWhole(bytes: [UInt8]) throws {
        let folder = try TemporaryFolder()
        let held = JSONValuesOneAtATimeTests.oneAtATime(
            CollectorInput(fileName: "inventory.json", bytes: Data(bytes), subject: nil, observedAt: Date(timeIntervalSince1970: 0)))
        let input = try Self.streamed(Data(bytes), in: folder)
        #expect("\(JSONValuesOneAtATimeTests.oneAtATime(input))" == "\(held)")
    }

    /// An inventory several chunks long, its elements and multi-byte characters straddling chunk ends.
    @Test func aLargeFileIsReadAcrossChunks() throws {
        let folder = try TemporaryFolder()
        var text = "[\n"
        var n = 0
        while text.utf8.count < 3 * StreamedFile.chunkSize + 17 {
            text +=
                (n == 0 ? "" : ",\n")
                + #"  {"KeyId": "k\#(n)", "Description": "é ✓ 🔑 \#(String(repeating: "x", count: n % 97))", "Nested": [[\#(n)], {"a": "]"}]}"#
            n += 1
        }
        text += "\n]\n" + #"{"Rotations": []}"#
        let whole = JSONValuesOneAtATimeTests.whole(JSONValuesOneAtATimeTests.input(text))
        let streamed = JSONValuesOneAtATimeTests.oneAtATime(try Self.streamed(Data(text.utf8), in: folder))
        #expect((try? whole.get())?.count == n + 1)
        #expect("\(streamed)" == "\(whole)")
    }

    /// The layout does not depend on where the chunks end: fed a byte at a time, it is the same.
    @Test func theLayoutIsTheSameWhereverChunksEnd() {
        let text = "\u{FEFF}" + #"[{"a": "é✓🔑"}, "\"]", [1, [2]], {}]"# + "\n" + #"{"b": {"c": ["🔑"]}}"#
        let bytes = Array(text.utf8)
        var whole = StreamedJSONLayout()
        bytes.withUnsafeBufferPointer { whole.take($0) }
        whole.finish()
        var byByte = StreamedJSONLayout()
        for byte in bytes { [byte].withUnsafeBufferPointer { byByte.take($0) } }
        byByte.finish()
        #expect(whole.irregular == nil && byByte.irregular == nil)
        #expect(whole.documents == byByte.documents)
        #expect(whole.documents.map { $0.elements?.count } == [4, nil])
        #expect(whole.documents.map(\.line) == [1, 2])
    }

    /// A value whose bytes changed in the file after they were read is not read again as another value.
    @Test func aValueChangedInTheFileIsRefusedWhenReadAgain() throws {
        let folder = try TemporaryFolder()
        let text = #"[{"KeyId": "a"}, {"KeyId": "b"}]"#
        let input = try Self.streamed(Data(text.utf8), in: folder)
        var held: [HeldJSON] = []
        try JSONDocuments.forEachValue(in: input) { _, place in held.append(place) }
        #expect(try held.map { try $0.value(in: input) } == [.object(["KeyId": .string("a")]), .object(["KeyId": .string("b")])])
        try Data(text.replacingOccurrences(of: "\"b\"", with: "\"c\"").utf8).write(to: folder.file("inventory.json"))
        #expect(try held[0].value(in: input) == .object(["KeyId": .string("a")]))
        let failure = #expect(throws: CollectionFailure.self) { try held[1].value(in: input) }
        #expect(failure?.reason.contains("changed while it was read") == true)
    }

    /// No value is held whole over `file_size`, and none is handed over before that is known; the
    /// file itself may be any size.
    @Test func aValueOverTheFileSizeLimitIsRefusedBeforeAnyIsHandedOver() throws {
        let folder = try TemporaryFolder()
        var limits = InputLimits.standard
        limits.fileBytes = 64
        let small = #"{"KeyId": "a"}"#
        let large = #"{"KeyId": "\#(String(repeating: "b", count: 80))"}"#
        let fits = try Self.streamed(Data("[\(small), \(small), \(small), \(small), \(small)]".utf8), in: folder, limits: limits)
        #expect((try? JSONValuesOneAtATimeTests.oneAtATime(fits).get())?.count == 5, "the file is over the limit, no value is")
        let input = try Self.streamed(Data("[\(small), \(large)]".utf8), in: folder, limits: limits)
        var handed = 0
        let failure = #expect(throws: CollectionFailure.self) { try JSONDocuments.forEachValue(in: input) { _, _ in handed += 1 } }
        #expect(handed == 0)
        #expect(failure?.location == "$[1]" && failure?.reason.contains("limits.file_size") == true)
    }
}
