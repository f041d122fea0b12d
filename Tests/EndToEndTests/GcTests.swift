import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `vigil gc` and the packing collect does by itself: the store stays a valid git repository that
/// `vigil log verify` and git's fsck accept, with nothing left loose.
@Suite(.serialized)
struct GcTests {
    private func storePath(_ scratch: Scratch) -> String { scratch.url.appendingPathComponent(".vigil/store").path }

    private func objectFiles(_ scratch: Scratch) throws -> (packs: Int, loose: Int) {
        let objects = storePath(scratch) + "/objects"
        let packs = try FileManager.default.contentsOfDirectory(atPath: objects + "/pack").filter { $0.hasSuffix(".pack") }.count
        var loose = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: objects) where folder.count == 2 {
            loose += try FileManager.default.contentsOfDirectory(atPath: "\(objects)/\(folder)").count
        }
        return (packs, loose)
    }

    /// A workspace after `runs` collects of one fwupd file each.
    private func collected(runs: Int) throws -> Scratch {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        for run in 0..<runs {
            try scratch.write("in/h\(run).json", Fixtures.fwupd(updatable: run % 2 == 0, version: "1.\(run).0"))
            let collect = try scratch.vigil(["collect", "fwupd", "in/h\(run).json"])
            #expect(collect.status == 0, "\(collect.stderr)")
        }
        return scratch
    }

    private func expectIntact(_ scratch: Scratch, records: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try runGit(["--git-dir", storePath(scratch), "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)", sourceLocation: sourceLocation)
        let verify = try scratch.vigil(["log", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)", sourceLocation: sourceLocation)
        #expect(verify.stderr.contains("log verified: \(records) records"), "\(verify.stderr)", sourceLocation: sourceLocation)
        #expect(try scratch.vigil(["evidence", "list"]).stdout.split(separator: "\n").count == records, sourceLocation: sourceLocation)
    }

    @Test func collectsWriteOnePackEachAndGcRollsThemIntoOne() throws {
        let scratch = try collected(runs: 3)
        #expect(try objectFiles(scratch) == (packs: 4, loose: 0))
        let listed = try scratch.vigil(["evidence", "list"]).stdout
        let gc = try scratch.vigil(["gc"])
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(gc.stderr.contains("packed: 4 packs, 0 loose"), "\(gc.stderr)")
        #expect(gc.stderr.contains("-> 1 pack, 0 loose"), "\(gc.stderr)")
        #expect(try objectFiles(scratch) == (packs: 1, loose: 0))
        try expectIntact(scratch, records: 6)
        #expect(try scratch.vigil(["evidence", "list"]).stdout == listed)
        let id = try #require(listed.split(separator: "\n").first.flatMap { try? JSONValue.parse(Data($0.utf8)).objectValue?["id"]?.stringValue })
        #expect(try scratch.vigil(["log", "prove", id]).status == 0)
        #expect(try scratch.vigil(["gc", "--auto"]).stderr.contains("nothing to pack"))
    }

    @Test func collectPacksByItselfPastTheStoresPackLimit() throws {
        let scratch = try collected(runs: 1)
        #expect(try runGit(["--git-dir", storePath(scratch), "config", "gc.autoPackLimit", "3"]).status == 0)
        for run in 1..<6 {
            try scratch.write("in/h\(run).json", Fixtures.fwupd(updatable: true, version: "2.\(run).0"))
            #expect(try scratch.vigil(["collect", "fwupd", "in/h\(run).json"]).status == 0)
            #expect(try objectFiles(scratch).packs <= 3)
        }
        #expect(try objectFiles(scratch).loose == 0)
        try expectIntact(scratch, records: 12)
    }

    @Test func looseObjectsOfAnOlderStoreArePackedByGc() throws {
        let scratch = try collected(runs: 2)
        let store = storePath(scratch)
        let packFolder = URL(fileURLWithPath: store + "/objects/pack")
        for name in try FileManager.default.contentsOfDirectory(atPath: packFolder.path) where name.hasSuffix(".pack") {
            let moved = scratch.url.appendingPathComponent(name)
            try FileManager.default.moveItem(at: packFolder.appendingPathComponent(name), to: moved)
            try FileManager.default.removeItem(at: packFolder.appendingPathComponent(name.replacingOccurrences(of: ".pack", with: ".idx")))
            let unpacked = try runGit(["--git-dir", store, "unpack-objects", "-q"], input: moved)
            #expect(unpacked.status == 0, "\(unpacked.output)")
        }
        let exploded = try objectFiles(scratch)
        #expect(exploded.packs == 0 && exploded.loose > 20)
        #expect(try scratch.vigil(["gc", "--auto"]).stderr.contains("nothing to pack"), "fewer loose objects than gc.auto")
        #expect(try runGit(["--git-dir", store, "config", "gc.auto", "1"]).status == 0)
        let gc = try scratch.vigil(["gc", "--auto"])
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(try objectFiles(scratch) == (packs: 1, loose: 0))
        try expectIntact(scratch, records: 4)
    }

    @Test func gcWaitsForTheWorkspaceLock() throws {
        let scratch = try collected(runs: 1)
        let fd = open(scratch.url.appendingPathComponent(".vigil/lock").path, O_RDWR | O_CREAT, 0o600)
        #expect(flock(fd, LOCK_EX) == 0)
        let blocked = try scratch.vigil(["gc"], environment: ["VIGIL_LOCK_TIMEOUT": "1"])
        #expect(blocked.status == 2)
        #expect(blocked.stderr.contains("another vigil run holds the workspace lock"))
        #expect(try objectFiles(scratch).packs == 2, "nothing packed without the lock")
        flock(fd, LOCK_UN)
        close(fd)
    }

    @Test func collectsDuringGcWaitTheirTurnAndAllLand() throws {
        let scratch = try collected(runs: 2)
        for i in 0..<4 { try scratch.write("more/h\(i).json", Fixtures.fwupd(updatable: true, version: "3.\(i).0")) }
        nonisolated(unsafe) var statuses = [Int32](repeating: -1, count: 6)
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            let arguments = i.isMultiple(of: 3) ? ["gc"] : ["collect", "fwupd", "more/h\(i - 1 - i / 3).json"]
            statuses[i] = (try? scratch.vigil(arguments))?.status ?? -1
        }
        #expect(statuses == [0, 0, 0, 0, 0, 0])
        #expect(try runGit(["--git-dir", storePath(scratch), "rev-list", "--count", "HEAD"]).output == "7\n")
        try expectIntact(scratch, records: 12)
    }
}
