internal import CGit2
import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// Trees are written without libgit2's treebuilder (``TreeObjectBytes``): each must be the tree git
/// itself makes of the same entries, byte for byte, in git's order, whether written into the pack
/// being staged or through the odb.
struct TreeObjectBytesTests {
    /// Names that sort differently as bytes and as git sorts them (a tree's as if it ended in `/`):
    /// `git mktree` of the same entries names the same tree.
    @Test func entriesAreInGitsOrder() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let repository = store.repository
        let blob = try repository.writeBlob(Data("x\n".utf8))
        let names = ["a-b", "a.b", "a0", "ab", "b", "b-c", "z", "é"]
        var files = Dictionary(uniqueKeysWithValues: names.map { ($0, blob) })
        files["a/x"] = blob
        files["b.c/y"] = blob
        let tree = try #require(try repository.writeTree(base: nil, files: files))
        let written = try repository.lookupTree(tree)
        #expect(written.entries.map(\.name) == ["a-b", "a.b", "a", "a0", "ab", "b", "b-c", "b.c", "z", "é"])

        // mktree sorts what it is given itself: the folders as trees, in no particular order.
        var mktree = names.reversed().map { "100644 blob \(GitObjectID(blob).hex)\t\($0)" }
        for folder in ["a", "b.c"] {
            mktree.append("040000 tree \(GitObjectID(try #require(written.entry(named: folder)).id).hex)\t\(folder)")
        }
        let input = dir.file("entries")
        try Data((mktree.joined(separator: "\n") + "\n").utf8).write(to: input)
        let made = try runGit(["--git-dir", dir.file("store").path, "mktree"], input: input)
        #expect(made.status == 0)
        #expect(made.output.trimmingCharacters(in: .whitespacesAndNewlines) == GitObjectID(tree).hex)
        let fsck = try runGit(["--git-dir", dir.file("store").path, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    /// Random trees changed at random (files set, replaced by folders and back, removed, folders
    /// emptied), over and over, in the staged pack and through the odb: every tree lists what was
    /// set, and `git fsck --strict` finds every one well formed and in order.
    @Test(arguments: [false, true])
    func randomChangesWriteTheTreesGitWould(staged: Bool) throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let repository = store.repository
        var random = SeededRandom(seed: staged ? 7 : 11)
        let blobs = try (0..<6).map { n in try repository.writeBlob(Data("blob \(n)\n".utf8)) }
        let alphabet = ["a", "b", "-", ".", "0", "_"]
        func name() -> String {
            let name = (0..<Int.random(in: 1...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            return name == "." || name == ".." ? name + "a" : name
        }
        func path() -> String { (0..<Int.random(in: 1...3, using: &random)).map { _ in name() }.joined(separator: "/") }

        var expected: [String: git_oid] = [:]
        var tree: git_oid?
        var parent: git_oid?
        for round in 0..<30 {
            var changes = TreeChanges()
            var files = expected
            // A path set in a round is not removed in it: a commit's changes set wins over removed.
            var setNow: Set<String> = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let target = path()
                if Bool.random(using: &random), let victim = files.keys.filter({ !setNow.contains($0) }).sorted().randomElement(using: &random) {
                    changes.remove(victim)
                    files[victim] = nil
                    continue
                }
                // A path cannot be a file and a folder at once: what is in the way goes first.
                let inTheWay = files.keys.filter { $0.hasPrefix(target + "/") || target.hasPrefix($0 + "/") }
                guard inTheWay.allSatisfy({ !setNow.contains($0) }) else { continue }
                for path in inTheWay {
                    changes.remove(path)
                    files[path] = nil
                }
                let blob = blobs.randomElement(using: &random)!
                changes.set(target, to: blob)
                files[target] = blob
                setNow.insert(target)
            }
            let write = { () throws(StoreError) -> (git_oid?, commit: git_oid?) in
                try gitCall { () throws(GitError) in
                    let written = try repository.writeTree(base: tree, changes)
                    let commit = try written.map { tree throws(GitError) in
                        try repository.writeCommit(tree: tree, parent: parent, message: "round \(round)\n", at: Date(timeIntervalSince1970: 1_800_000_000))
                    }
                    return (written, commit)
                }
            }
            if staged {
                tree = try repository.writingOnePack { () throws(StoreError) in
                    let (written, commit) = try write()
                    parent = commit ?? parent
                    return (written, commit: commit)
                }
            } else {
                let (written, commit) = try write()
                tree = written
                parent = commit ?? parent
            }
            expected = files
            guard let tree else {
                #expect(expected.isEmpty)
                continue
            }
            let listing = try runGit(["--git-dir", dir.file("store").path, "ls-tree", "-r", GitObjectID(tree).hex])
            let listed = listing.output.split(separator: "\n").map { line in
                let parts = line.split(separator: "\t", maxSplits: 1)
                return "\(parts[1]) \(parts[0])"
            }
            let wanted = Set(expected.map { "\($0.key) 100644 blob \(GitObjectID($0.value).hex)" })
            #expect(Set(listed) == wanted, "round \(round): extra \(Set(listed).subtracting(wanted).sorted()), missing \(wanted.subtracting(listed).sorted())")
        }
        let fsck = try runGit(["--git-dir", dir.file("store").path, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }
}
