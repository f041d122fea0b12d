import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A commit's changes gathered folder by folder write the tree that git itself would build from
/// the same files over the same base: set files replace, removed ones go, set wins over removed.
struct TreeChangesTests {
    @Test func changesWriteTheTreeGitBuildsFromTheSamePaths() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let repository = store.repository
        let blobs = try (0..<4).map { n in try repository.writeBlob(Data("blob \(n)\n".utf8)) }
        let base = try #require(
            try repository.writeTree(base: nil, files: ["a/x": blobs[0], "a/b/y": blobs[1], "c": blobs[2], "a/b/z": blobs[2]]))

        var changes = TreeChanges()
        #expect(changes.isEmpty)
        changes.set("a/b/y", to: blobs[3])
        changes.set("d/e/f", to: blobs[0])
        changes.remove("a/b/z")
        changes.remove("c")
        changes.set("c", to: blobs[1])
        #expect(!changes.isEmpty)
        #expect(changes.blob(at: "a/b/y").map(GitObjectID.init) == GitObjectID(blobs[3]))
        #expect(changes.blob(at: "d/e/f").map(GitObjectID.init) == GitObjectID(blobs[0]))
        #expect(changes.blob(at: "a/x") == nil)
        #expect(changes.blob(at: "d/e") == nil)
        let written = try #require(try repository.writeTree(base: base, changes))

        let listing = try runGit(["--git-dir", dir.file("store").path, "ls-tree", "-r", GitObjectID(written).hex])
        let files = listing.output.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t")
            return "\(parts[1]) \(parts[0].split(separator: " ")[2])"
        }
        #expect(
            files == [
                "a/b/y \(GitObjectID(blobs[3]).hex)", "a/x \(GitObjectID(blobs[0]).hex)",
                "c \(GitObjectID(blobs[1]).hex)", "d/e/f \(GitObjectID(blobs[0]).hex)",
            ])
    }
}
