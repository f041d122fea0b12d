import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// A file written in pieces replaces its target only when committed: a reader sees the old bytes or
/// the new, and a writer given up leaves neither a half file nor its temporary behind.
struct AtomicFileTests {
    private static func names(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
    }

    @Test func piecesReplaceTheTargetOnlyWhenCommitted() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("report.json")
        try Data("old\n".utf8).write(to: target)
        let file = try AtomicFile(replacing: target, named: "report.json")
        try file.append(Array("new ".utf8))
        try file.append(Array("bytes\n".utf8))
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        try file.commit()
        #expect(try String(contentsOf: target, encoding: .utf8) == "new bytes\n")
        #expect(try Self.names(folder) == ["report.json"])
    }

    @Test func aWriterGivenUpLeavesTheTargetAndNoTemporary() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("report.json")
        try Data("old\n".utf8).write(to: target)
        do {
            let file = try AtomicFile(replacing: target, named: "report.json")
            try file.append(Array("half".utf8))
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        #expect(try Self.names(folder) == ["report.json"])
    }

    /// A path from the command line is named as written; its folder is not made for it.
    @Test func aUsersPathIsNamedAsWrittenAndItsFolderMustExist() throws {
        let folder = try TemporaryFolder()
        let missing = #expect(throws: VigilError.self) { try AtomicFile(replacing: folder.file("out/r.json"), named: "out/r.json") }
        #expect(missing?.description == "cannot write out/r.json: the folder '\(folder.url.path)/out' does not exist")
        try FileManager.default.createDirectory(at: folder.file("dir"), withIntermediateDirectories: false)
        let file = try AtomicFile(replacing: folder.file("dir"), named: "dir")
        let overFolder = #expect(throws: VigilError.self) { try file.commit() }
        #expect(overFolder?.description == "cannot write dir: is a folder, not a file")
        #expect(try Self.names(folder) == ["dir"])
        try AtomicFile.write(Data("x".utf8), to: folder.file("made/x"))
        #expect(try Data(contentsOf: folder.file("made/x")) == Data("x".utf8))
    }
}
