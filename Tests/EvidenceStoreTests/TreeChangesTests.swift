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

    /// A folder written as soon as it is complete (a subject's, during a collect) gives the same tree
    /// as writing every change at the end, over an existing folder or a new one, and changes set
    /// under it afterwards are written over it.
    @Test func aFolderWrittenEarlyGivesTheTreeOfWritingEverythingAtTheEnd() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let repository = store.repository
        let blobs = try (0..<5).map { n in try repository.writeBlob(Data("blob \(n)\n".utf8)) }
        let base = try #require(
            try repository.writeTree(base: nil, files: ["s/ab/one/entries": blobs[0], "s/ab/one/records/1": blobs[1], "t": blobs[2]]))
        let baseFolder = try #require(try repository.lookupTree(base).entry(atPath: "s/ab/one")).id

        func changes(early: Bool) throws -> TreeChanges {
            var changes = TreeChanges()
            changes.set("s/ab/one/entries", to: blobs[3])
            changes.set("s/ab/one/records/2", to: blobs[4])
            if early { try repository.writeFolder("s/ab/one", of: &changes, over: baseFolder) }
            changes.set("s/ab/two/entries", to: blobs[4])
            changes.set("s/ab/two/subject", to: blobs[0])
            if early { try repository.writeFolder("s/ab/two", of: &changes, over: nil) }
            changes.set("s/ab/one/records/3", to: blobs[2])  // after its folder was written
            changes.remove("t")
            return changes
        }
        let atTheEnd = try #require(try repository.writeTree(base: base, try changes(early: false)))
        let early = try #require(try repository.writeTree(base: base, try changes(early: true)))
        #expect(GitObjectID(early) == GitObjectID(atTheEnd))
        let listing = try runGit(["--git-dir", dir.file("store").path, "ls-tree", "-r", "--name-only", GitObjectID(early).hex])
        #expect(
            listing.output.split(separator: "\n") == [
                "s/ab/one/entries", "s/ab/one/records/1", "s/ab/one/records/2", "s/ab/one/records/3", "s/ab/two/entries",
                "s/ab/two/subject",
            ])
    }

    /// A folder that its changes empty is gone from the tree, as when written at the end.
    @Test func aFolderWrittenEarlyThatEndsEmptyIsRemoved() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let repository = store.repository
        let blob = try repository.writeBlob(Data("x\n".utf8))
        let base = try #require(try repository.writeTree(base: nil, files: ["a/b/c": blob, "d": blob]))
        let folder = try #require(try repository.lookupTree(base).entry(atPath: "a/b")).id
        var changes = TreeChanges()
        changes.remove("a/b/c")
        try repository.writeFolder("a/b", of: &changes, over: folder)
        let written = try #require(try repository.writeTree(base: base, changes))
        let listing = try runGit(["--git-dir", dir.file("store").path, "ls-tree", "-r", "--name-only", GitObjectID(written).hex])
        #expect(listing.output.split(separator: "\n") == ["d"])
    }
}
