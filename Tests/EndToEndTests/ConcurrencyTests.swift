import Foundation
import Testing
import VigilTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Two runs never interleave, and a run that died leaves a store the next run can use.
@Suite(.serialized)
struct ConcurrencyTests {
    @Test func collectWaitsBoundedForTheLockThenSaysWhy() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("web-01.json", Fixtures.fwupd(updatable: true))
        let lockPath = scratch.url.appendingPathComponent(".vigil/lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o600)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        let blocked = try scratch.vigil(["collect", "fwupd", "web-01.json"], environment: ["VIGIL_LOCK_TIMEOUT": "1"])
        #expect(blocked.status == 2)
        #expect(blocked.stderr.contains("another vigil run holds the workspace lock"))
        flock(fd, LOCK_UN)
        close(fd)
        #expect(try scratch.vigil(["collect", "fwupd", "web-01.json"]).status == 0)
    }

    @Test func concurrentCollectsBothLandAsSeparateCommits() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        for i in 0..<4 { try scratch.write("in/h\(i).json", Fixtures.fwupd(updatable: i % 2 == 0)) }
        nonisolated(unsafe) var statuses = [Int32](repeating: -1, count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            statuses[i] = (try? scratch.vigil(["collect", "fwupd", "in/h\(i).json"]))?.status ?? -1
        }
        #expect(statuses == [0, 0, 0, 0])
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        #expect(try runGit(["--git-dir", store, "rev-list", "--count", "HEAD"]).output == "5\n")
        #expect(try runGit(["--git-dir", store, "fsck", "--strict"]).status == 0)
        #expect(try scratch.vigil(["evidence", "list"]).stdout.split(separator: "\n").count == 8)
    }

    @Test func runAfterACrashMidWriteStillWorks() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("a.json", Fixtures.fwupd(updatable: true))
        try scratch.write("b.json", Fixtures.fwupd(updatable: false))
        #expect(try scratch.vigil(["collect", "fwupd", "a.json"]).status == 0)
        let home = scratch.url.appendingPathComponent(".vigil")
        let store = home.appendingPathComponent("store").path
        let head = try runGit(["--git-dir", store, "rev-parse", "HEAD"]).output
        // What a run killed mid-commit leaves: a written but unreferenced object, a ref lock file,
        // and an index that never heard of the last commit.
        let index = home.appendingPathComponent("index.sqlite")
        let saved = try Data(contentsOf: index)
        try Data("orphan".utf8).write(to: home.appendingPathComponent("orphan"))
        _ = try runGit(["--git-dir", store, "hash-object", "-w", home.appendingPathComponent("orphan").path])
        #expect(FileManager.default.createFile(atPath: store + "/refs/heads/main.lock", contents: Data()))
        #expect(try runGit(["--git-dir", store, "rev-parse", "HEAD"]).output == head, "previous commit intact")

        let next = try scratch.vigil(["collect", "fwupd", "b.json"])
        #expect(next.status == 0, "\(next.stderr)")
        try? FileManager.default.removeItem(atPath: index.path + "-wal")
        try? FileManager.default.removeItem(atPath: index.path + "-shm")
        try saved.write(to: index)
        #expect(try scratch.vigil(["evidence", "list"]).stdout.split(separator: "\n").count == 4)
        #expect(try runGit(["--git-dir", store, "fsck", "--strict"]).status == 0)
    }
}
