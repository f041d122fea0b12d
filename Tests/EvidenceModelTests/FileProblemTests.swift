import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceModel

/// Foundation's file errors become words: what the operating system said and what the path is,
/// never "NSCocoaErrorDomain error 256".
struct FileProblemTests {
    private func scratch() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("vigil-fileproblem")
        let url = folder.url
        try FileManager.default.createDirectory(at: url.appendingPathComponent("folder"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: url.appendingPathComponent("file"))
        return folder
    }

    private func problem(_ path: String, _ body: () throws -> Void) -> FileProblem? {
        do { try body() } catch { return FileProblem(error, path: path) }
        return nil
    }

    @Test func aFolderReadAsAFileSaysSo() throws {
        let temporary = try scratch()
        let url = temporary.url
        let folder = url.appendingPathComponent("folder")
        #expect(problem(folder.path) { _ = try Data(contentsOf: folder) }?.reason == "is a folder, not a file")
    }

    @Test func aFileListedAsAFolderSaysSo() throws {
        let temporary = try scratch()
        let url = temporary.url
        let file = url.appendingPathComponent("file").path
        #expect(problem(file) { _ = try FileManager.default.contentsOfDirectory(atPath: file) }?.reason == "is a file, not a folder")
    }

    @Test func aDanglingLinkNamesItsTarget() throws {
        let temporary = try scratch()
        let url = temporary.url
        let link = url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/nonexistent/target")
        #expect(
            problem(link.path) { _ = try Data(contentsOf: link) }?.reason
                == "a symbolic link to '/nonexistent/target', which does not exist")
    }

    @Test func aWriteUnderAMissingOrFileFolderNamesThatPart() throws {
        let temporary = try scratch()
        let url = temporary.url
        let missing = url.appendingPathComponent("none/report.json")
        #expect(
            problem(missing.path) { try Data().write(to: missing) }?.reason
                == "the folder '\(url.appendingPathComponent("none").path)' does not exist")
        let underFile = url.appendingPathComponent("file/report.json")
        #expect(
            problem(underFile.path) { try Data().write(to: underFile, options: .atomic) }?.reason
                == "a part of the path is a file, not a folder")
    }

    @Test func anUnknownErrorStillReadsAsWords() {
        struct Opaque: Error {}
        #expect(FileProblem(Opaque(), path: "/x").reason == "the file system refused it")
        #expect(FileProblem(errno: EACCES, path: "/x").reason == "permission denied")
    }
}
