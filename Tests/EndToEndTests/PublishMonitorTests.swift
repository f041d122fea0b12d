import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

/// `vigil publish` writing only what is new, and `vigil log verify --from --state` following the
/// published log over a real HTTP server across checkpoints, catching a rollback and a fork.
@Suite(.serialized)
struct PublishMonitorTests {
    /// A workspace with two collects (root log size 3) and its verifier key in `log.vkey`.
    static func collected() throws -> Scratch {
        let scratch = try LogCommandTests.collected()
        try scratch.write("log.vkey", try scratch.vigil(["keys", "public"]).stdout)
        return scratch
    }

    /// ``collected()``, published to its folder `www`.
    static func published() throws -> (scratch: Scratch, www: URL) {
        let scratch = try collected()
        let www = scratch.url.appendingPathComponent("www")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        return (scratch, www)
    }

    /// One more collect about web-01 (root log +1), with `version` making the record differ.
    static func collectMore(_ scratch: Scratch, version: String, folder: String = "more") throws {
        try scratch.write("\(folder)/web-01.json", Fixtures.fwupd(updatable: true, version: version))
        let run = try scratch.vigil(["collect", "fwupd", folder, "--observed-at", "2026-11-22T00:00:00Z"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// A copy of the workspace: same origin, same key, same history so far; what it appends next forks the log.
    static func fork(of scratch: Scratch) throws -> Scratch {
        let copy = try Scratch()
        let cp = try runProcess(
            "/bin/cp", ["-a", scratch.url.appendingPathComponent(".vigil").path, scratch.url.appendingPathComponent("log.vkey").path, copy.url.path])
        #expect(cp.status == 0, "\(cp.output)")
        return copy
    }

    /// A workspace whose root log has 257 entries (a full bundle and one more), published to `www`,
    /// with its verifier key in `log.vkey`.
    static func publishedPastAFullBundle() throws -> (Scratch, URL) {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        for host in 1...257 { try scratch.write("in/h\(host).json", Fixtures.fwupd(updatable: true)) }
        #expect(try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"]).status == 0)
        try scratch.write("log.vkey", try scratch.vigil(["keys", "public"]).stdout)
        let www = scratch.url.appendingPathComponent("www")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        return (scratch, www)
    }

    private func files(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            result[String(url.path.dropFirst(folder.path.count + 1))] = try? Data(contentsOf: url)
        }
        return result
    }

    @Test func publishWritesOnlyNewTilesThenTheCheckpointAndRefusesAChangedTile() throws {
        let scratch = try Self.collected()
        let www = scratch.url.appendingPathComponent("www")
        let first = try scratch.vigil(["publish", "--to", www.path])
        #expect(first.status == 0, "\(first.stderr)")
        let before = files(www)
        #expect(first.stderr.contains("\(before.count) new or changed files, 0 already there"), "\(first.stderr)")

        let again = try scratch.vigil(["publish", "--to", www.path])
        #expect(again.status == 0 && again.stderr.contains(": 0 new or changed files"), "\(again.stderr)")
        #expect(files(www) == before)

        try Self.collectMore(scratch, version: "3.0.0")
        let next = try scratch.vigil(["publish", "--to", www.path])
        let after = files(www)
        let added = Set(after.keys).subtracting(before.keys)
        #expect(!added.isEmpty && added.allSatisfy { $0.hasPrefix("tile/") }, "\(added)")
        #expect(next.stderr.contains(": \(added.count + 1) new or changed files"), "\(next.stderr)")  // + the checkpoint
        for (path, data) in before where path != "checkpoint" { #expect(after[path] == data, "\(path) was rewritten") }
        #expect(after["checkpoint"] != before["checkpoint"])
        #expect(!after.keys.contains { $0.contains(".tmp") })

        // A tile of the current size already there with other bytes (another log's, or a fork's):
        // refused, nothing overwritten, the checkpoint untouched.
        let tile = www.appendingPathComponent(try #require(added.sorted().first { $0.hasPrefix("tile/0/") }))
        try Data(repeating: 0, count: 32).write(to: tile)
        try Data("old checkpoint".utf8).write(to: www.appendingPathComponent("checkpoint"))
        let tampered = files(www)
        let refused = try scratch.vigil(["publish", "--to", www.path])
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("already holds other bytes"), "\(refused.stderr)")
        #expect(files(www) == tampered)
    }

    @Test func aFullTilePublishedWithOtherBytesIsNeverOverwritten() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        for host in 1...257 { try scratch.write("in/h\(host).json", Fixtures.fwupd(updatable: true)) }  // 257 subject heads
        #expect(try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"]).status == 0)
        let www = scratch.url.appendingPathComponent("www")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        let full = www.appendingPathComponent("tile/0/000")
        var bytes = try Data(contentsOf: full)
        #expect(bytes.count == 256 * 32)
        bytes[0] ^= 1
        try bytes.write(to: full)
        let before = files(www)

        try Self.collectMore(scratch, version: "3.0.0")
        let refused = try scratch.vigil(["publish", "--to", www.path])
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("tile/0/000 already holds other bytes"), "\(refused.stderr)")
        #expect(files(www) == before, "nothing written, the checkpoint included")
    }

    @Test func monitorFollowsTilesOverHTTPAcrossCheckpointsAndCatchesRollbackAndFork() throws {
        let scratch = try Self.collected()
        let forked = try Self.fork(of: scratch)  // at size 3, before the log appends anything else
        let www = scratch.url.appendingPathComponent("www")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        let oldCheckpoint = try Data(contentsOf: www.appendingPathComponent("checkpoint"))
        let server = try StaticServer(serving: www)
        defer { server.stop() }
        let auditor = try Scratch()  // no workspace: the published files and the key only
        let state = auditor.url.appendingPathComponent("state")
        let vkey = scratch.url.appendingPathComponent("log.vkey").path
        let monitor = { try auditor.vigil(["log", "verify", "--from", server.url.absoluteString, "--trust", vkey, "--state", state.path]) }

        let first = try monitor()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("at size 3; first run"), "\(first.stderr)")
        let origin = try Checkpoint(try Note(parsing: oldCheckpoint)).origin
        let stateFile = state.appendingPathComponent(SHA256Hex.of(origin) + ".checkpoint")
        #expect(try Data(contentsOf: stateFile) == oldCheckpoint)

        try Self.collectMore(scratch, version: "3.0.0")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        let requestsBefore = server.requestedPaths.count
        let second = try monitor()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("at size 4; consistent with the last verified checkpoint at size 3"), "\(second.stderr)")
        let fetched = server.requestedPaths.dropFirst(requestsBefore)
        #expect(second.stderr.contains("; its 1 new entry hashes to the signed root"), "\(second.stderr)")
        let bundles = fetched.filter { $0.contains("/entries/") }
        #expect(bundles.count == 1 && bundles[0].hasSuffix("tile/entries/000.p/4"), "only the bundle of the new entry: \(fetched)")
        let newCheckpoint = try Data(contentsOf: www.appendingPathComponent("checkpoint"))
        #expect(try Data(contentsOf: stateFile) == newCheckpoint)
        let third = try monitor()
        #expect(third.status == 0 && third.stderr.contains("unchanged since the last verified checkpoint"), "\(third.stderr)")

        // Rollback: the server shows the older, smaller checkpoint again.
        try oldCheckpoint.write(to: www.appendingPathComponent("checkpoint"))
        let rollback = try monitor()
        #expect(rollback.status == 3, "\(rollback.stderr)")
        #expect(rollback.stderr.contains("rollback: the published checkpoint has size 3, smaller than the last verified size 4"), "\(rollback.stderr)")
        #expect(try Data(contentsOf: stateFile) == newCheckpoint)
        try newCheckpoint.write(to: www.appendingPathComponent("checkpoint"))

        // A fork: a copy of the log at size 3 (same origin and key) that appended something else.
        try Self.collectMore(forked, version: "9.9.9")
        let forkedWWW = forked.url.appendingPathComponent("www")
        #expect(try forked.vigil(["publish", "--to", forkedWWW.path]).status == 0)
        let forkServer = try StaticServer(serving: forkedWWW)
        defer { forkServer.stop() }
        let sameSize = try auditor.vigil(["log", "verify", "--from", forkServer.url.absoluteString, "--trust", vkey, "--state", state.path])
        #expect(sameSize.status == 3, "\(sameSize.stderr)")
        #expect(sameSize.stderr.contains("fork: size 4 has root"), "\(sameSize.stderr)")
        #expect(try Data(contentsOf: stateFile) == newCheckpoint)

        try Self.collectMore(forked, version: "9.9.10", folder: "more2")
        #expect(try forked.vigil(["publish", "--to", forkedWWW.path]).status == 0)
        let grownFork = try auditor.vigil(["log", "verify", "--from", forkServer.url.absoluteString, "--trust", vkey, "--state", state.path])
        #expect(grownFork.status == 3, "\(grownFork.stderr)")
        #expect(grownFork.stderr.contains("fork: the last verified checkpoint (size 4) is not a prefix"), "\(grownFork.stderr)")
        #expect(try Data(contentsOf: stateFile) == newCheckpoint)
    }

    /// A publisher whose tiles and checkpoint are honest but whose entry bundle is not: the monitor
    /// that remembered the log at size 3 reads the bundle of what it appended and refuses it, whether
    /// the new entry or one before it in the same bundle was changed, or the bundle is missing.
    @Test(arguments: [("new entry", -1), ("entry before the remembered size", 3), ("missing bundle", 0)])
    func aPublishedEntryOtherThanTheSignedOneIsCaughtWhenTheLogGrows(change: String, byte: Int) throws {
        let (scratch, www) = try Self.published()
        let state = scratch.url.appendingPathComponent("monitor")
        let monitor = { try scratch.vigil(["log", "verify", "--from", www.path, "--trust", "log.vkey", "--state", state.path]) }
        #expect(try monitor().status == 0)
        let remembered = try Data(contentsOf: www.appendingPathComponent("checkpoint"))

        try Self.collectMore(scratch, version: "3.0.0")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        let bundle = www.appendingPathComponent("tile/entries/000.p/4")
        if byte == 0 {
            try FileManager.default.removeItem(at: bundle)
        } else {
            var bytes = try Data(contentsOf: bundle)
            bytes[byte < 0 ? bytes.count + byte : byte] ^= 1  // the last byte is the new entry's; byte 3 is in the first entry
            try bytes.write(to: bundle)
        }
        let refused = try monitor()
        #expect(refused.status == 3, "\(change): \(refused.stderr)")
        let reason = byte == 0 ? "tile/entries/000.p/4 is missing" : "the published entries 0..<4 (tile/entries/…) do not hash to the signed root at size 4"
        #expect(refused.stderr.contains(reason), "\(change): \(refused.stderr)")
        let stateFile = try #require(try FileManager.default.contentsOfDirectory(at: state, includingPropertiesForKeys: nil).first)
        #expect(try Data(contentsOf: stateFile) == remembered, "the state keeps the last verified checkpoint")
    }

    /// Past a full bundle, the entries before the bundle the log grew in are taken from the hash
    /// tiles (the frontier of the first 256), not read again: a full bundle changed after the monitor
    /// verified it is not what a grown log's check reads, the bundle that grew is.
    @Test func aGrownLogPastAFullBundleIsCheckedFromItsFrontierAndItsLastBundle() throws {
        let (scratch, www) = try Self.publishedPastAFullBundle()
        let state = scratch.url.appendingPathComponent("monitor")
        let monitor = { try scratch.vigil(["log", "verify", "--from", www.path, "--trust", "log.vkey", "--state", state.path]) }
        #expect(try monitor().status == 0)

        try Self.collectMore(scratch, version: "3.0.0")
        #expect(try scratch.vigil(["publish", "--to", www.path]).status == 0)
        let flip = { (path: String) throws in
            let url = www.appendingPathComponent(path)
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count - 1] ^= 1
            try bytes.write(to: url)
        }
        try flip("tile/entries/000")
        try flip("tile/entries/001.p/2")
        let refused = try monitor()
        #expect(refused.status == 3 && refused.stderr.contains("the published entries 256..<258"), "\(refused.stderr)")
        try flip("tile/entries/001.p/2")
        let grown = try monitor()
        #expect(grown.status == 0, "\(grown.stderr)")
        #expect(grown.stderr.contains("at size 258; consistent with the last verified checkpoint at size 257; its 1 new entry"), "\(grown.stderr)")
    }

    /// A published log of 257 entries verified from nothing (an auditor's `log verify --from`, a
    /// monitor's first run) reads it a bundle at a time: the full tile is compared with the entries
    /// as it fills, the partial ones at the right edge once every entry is read. Each change is named.
    @Test(arguments: [
        ("tile/0/000", "tile/0/000 does not match the entries"),
        ("tile/entries/000", "tile/0/000 does not match the entries"),
        ("tile/0/001.p/1", "tile/0/001.p/1 does not match the entries"),
        ("tile/1/000.p/1", "tile/1/000.p/1 does not match the entries"),
        ("tile/entries/001.p/1", "the entries do not hash to the signed root"),
    ])
    func aPublishedLogVerifiedFromNothingNamesTheFileThatDisagrees(file: String, reason: String) throws {
        let (scratch, www) = try Self.publishedPastAFullBundle()
        let verify = { try scratch.vigil(["log", "verify", "--from", www.path, "--trust", "log.vkey"]) }
        let honest = try verify()
        #expect(honest.status == 0 && honest.stderr.contains("at size 257"), "\(honest.stderr)")

        let url = www.appendingPathComponent(file)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 1
        try bytes.write(to: url)
        let refused = try verify()
        #expect(refused.status == 3 && refused.stderr.contains(reason), "\(file): \(refused.stderr)")
    }

    /// A bundle holding more or fewer entries than its name says is refused by name.
    @Test func aBundleWithAnotherCountThanItsNameIsRefused() throws {
        let (scratch, www) = try Self.published()
        let bundle = www.appendingPathComponent("tile/entries/000.p/3")
        let bytes = try Data(contentsOf: bundle)
        try (bytes + Data([0, 1, 0x41])).write(to: bundle)  // a fourth entry of one byte
        let refused = try scratch.vigil(["log", "verify", "--from", www.path, "--trust", "log.vkey"])
        #expect(refused.status == 3 && refused.stderr.contains("tile/entries/000.p/3 holds 4 entries, its name says 3"), "\(refused.stderr)")
    }

    /// A published file longer than its kind can be (a hash tile over 256 hashes, an entry bundle over
    /// 256 entries of 64 KiB) is refused by name without being held, from a folder and over HTTP.
    @Test func aPublishedFileLargerThanItsKindCanBeIsRefusedByName() throws {
        let (scratch, www) = try Self.published()
        let tile = www.appendingPathComponent("tile/0/000.p/3")
        let honestTile = try Data(contentsOf: tile)
        try (honestTile + Data(count: 8_192)).write(to: tile)
        let local = try scratch.vigil(["log", "verify", "--from", www.path, "--trust", "log.vkey"])
        #expect(local.status == 3 && local.stderr.contains("tile/0/000.p/3 holds more than the 8192 bytes"), "\(local.stderr)")
        try honestTile.write(to: tile)

        let bundle = www.appendingPathComponent("tile/entries/000.p/3")
        try (try Data(contentsOf: bundle) + Data(count: 17 << 20)).write(to: bundle)
        let server = try StaticServer(serving: www)
        defer { server.stop() }
        let remote = try scratch.vigil(["log", "verify", "--from", server.url.absoluteString, "--trust", "log.vkey"])
        #expect(remote.status == 3 && remote.stderr.contains("tile/entries/000.p/3 holds more than the 16777472 bytes"), "\(remote.stderr)")
    }
}
