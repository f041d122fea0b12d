import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceModel

/// Ranges of a measured file read again: the bytes that are there, a range past the measured size
/// refused, a file that became shorter named; readers beyond the few kept open still read.
struct StreamedFileReaderTests {
    func measured(_ text: String, in folder: TemporaryFolder, name: String = "input.json") throws -> StreamedFile {
        let url = folder.file(name)
        try Data(text.utf8).write(to: url)
        return try #require(try StreamedFile.measure(path: url.path)?.get())
    }

    @Test func readsTheBytesOfARangeAndRefusesOnePastTheFile() throws {
        let folder = try TemporaryFolder()
        let reader = StreamedFileReader(try measured(#"[{"a": 1}, {"b": 2}]"#, in: folder))
        #expect(try reader.bytes(in: 11..<19) == Data(#"{"b": 2}"#.utf8))
        #expect(try reader.bytes(in: 1..<9) == Data(#"{"a": 1}"#.utf8), "read again through the descriptor kept open")
        let past = #expect(throws: StreamedFile.Problem.self) { try reader.bytes(in: 15..<40) }
        #expect(past?.reason.contains("no bytes") == true)
    }

    @Test func aFileThatBecameShorterIsNamed() throws {
        let folder = try TemporaryFolder()
        let file = try measured(String(repeating: "x", count: 100), in: folder)
        try Data("short".utf8).write(to: folder.file("input.json"))
        let shorter = #expect(throws: StreamedFile.Problem.self) { try StreamedFileReader(file).bytes(in: 10..<20) }
        #expect(shorter?.reason.contains("became shorter than 100 bytes") == true)
    }

    /// More readers than may keep their file open: each still reads, opening its file for the read.
    @Test func readersBeyondThoseKeptOpenStillRead() throws {
        let folder = try TemporaryFolder()
        let readers = try (0..<(StreamedFileReader.keptOpen + 6)).map { n in
            StreamedFileReader(try measured("file \(n)", in: folder, name: "f\(n)"))
        }
        for (n, reader) in readers.enumerated() {
            #expect(try reader.bytes(in: 0..<reader.file.size) == Data("file \(n)".utf8))
            #expect(StreamedFileReader.openNow <= StreamedFileReader.keptOpen)
        }
        #expect(try readers.map { try $0.bytes(in: 0..<4) }.allSatisfy { $0 == Data("file".utf8) })
    }
}
