import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// A workspace made with `vigil init --store-layout batches` (store format 3, docs/store-v3.md), on
/// the built binary: it reports what a workspace of folders reports, its log and bundles verify, and
/// the attacks on where its records are kept are reported (exit 3), never believed.
@Suite(.serialized)
struct BatchedWorkspaceTests {
    @Test func aWorkspaceOfBatchesReportsWhatOneOfFoldersDoes() throws {
        let workspaces = try TamperedWorkspace.layouts.map { layout in try TamperedWorkspace(layout: layout) }
        var reports: [NSDictionary] = []
        for w in workspaces {
            let run = try w.vigil(["check", "--format", "json", "--at", "2026-11-22T00:00:00Z"])
            var report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(report["checkpoint"] != nil)
            report["checkpoint"] = nil  // the root hash differs: the two logs' heads are of different versions
            reports.append(report as NSDictionary)
            #expect(try w.vigil(["log", "verify"]).status == 0)
            // The same inputs again: nothing new, so no commit.
            #expect(try w.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"]).status == 0)
            #expect(try w.git(["rev-list", "--count", "HEAD"]) == "2")
        }
        #expect(reports[0] == reports[1])
        let batches = workspaces[1]
        #expect(try batches.git(["ls-tree", "--name-only", "HEAD"]).split(separator: "\n").contains("batches"))
        #expect(try batches.vigil(["bundle", "export", "--output", "b.zip", "--subject", "host:db-01"]).status == 0)
        try batches.scratch.write("log.vkey", try batches.vigil(["keys", "public"]).stdout)
        let verify = try batches.vigil(["bundle", "verify", "b.zip", "--trust", "log.vkey"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let fsck = try runGit(["--git-dir", batches.store, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    /// A forged record added as a batch of its own by a side commit, which the next commit takes away
    /// again: both keep HEAD's checkpoint, which signs no entry naming the batch.
    @Test func aSideCommitForgeryInABatchChangesNoVerdictAndFailsVerification() throws {
        let w = try TamperedWorkspace(layout: "batches")
        #expect(try w.status(of: "host:db-01").status == "fail")
        let forged = try w.forgedUpdatableRecord()
        // Two subjects were logged: the next batch is named by the root log's size, 2.
        let folder = "batches/0000000000000002"
        let (_, verify) = try w.sideCommitForgery(
            ["\(folder)/records/0": forged.canonicalData + Data("\n".utf8), "\(folder)/offsets": Data(count: 8)], slipping: forged)
        #expect(verify.stderr.contains("holds 1 records, of which the commit's heads name 0"), "\(verify.stderr)")
    }

    /// A record rewritten where it is kept: the batch of the first collect, changed by a later commit.
    @Test func aRecordRewrittenInItsBatchFailsVerification() throws {
        let w = try TamperedWorkspace(layout: "batches")
        let path = "batches/0000000000000000/records/0"
        // `git show` output is trimmed: the last line's line feed is put back.
        var lines = try w.show(path) + Data("\n".utf8)
        let position = try #require(lines.firstIndex(of: UInt8(ascii: "z")))
        lines[position] = UInt8(ascii: "Z")
        try w.moveHead(to: try w.commit([path: lines]))
        let verify = try w.vigil(["log", "verify"])
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("changed \(path), which is written once"), "\(verify.stderr)")
        // An index built from the store anew does not take the rewritten record: its line no longer
        // hashes into the subject's signed root.
        let rebuild = try w.vigil(["index", "rebuild"])
        #expect(rebuild.status == 3, "\(rebuild.stderr)")
        #expect(rebuild.stderr.contains("signed"), "\(rebuild.stderr)")
    }

    /// `vigil upgrade --store-layout batches` rebuilds a store of folders as one of batches: the same
    /// report (late evidence still late: logged times are kept), a log that verifies, the old store kept.
    @Test func aWorkspaceOfFoldersIsUpgradedToBatchesKeepingItsLoggedTimes() throws {
        let w = try TamperedWorkspace()
        // A second later, db-01 collected again as if observed the day before: late at the check's instant.
        Thread.sleep(forTimeInterval: 1.1)
        try w.scratch.write("late/db-01.json", Fixtures.fwupd(updatable: true))
        #expect(try w.vigil(["collect", "fwupd", "late", "--observed-at", "2026-11-21T00:00:00Z"]).status == 0)
        func report() throws -> NSDictionary {
            let run = try w.vigil(["check", "--format", "json", "--at", "2026-11-22T00:00:00Z"])
            var report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            report["checkpoint"] = nil
            return report as NSDictionary
        }
        let before = try report()
        #expect("\(before)".contains("late"))
        let upgrade = try w.vigil(["upgrade", "--store-layout", "batches"])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stderr.contains("2 commits, 6 records"), "\(upgrade.stderr)")
        #expect(FileManager.default.fileExists(atPath: w.scratch.url.appendingPathComponent(".vigil/store.v2/HEAD").path))
        #expect(try w.git(["show", "HEAD:format"]) == "vigil-store/v3")
        #expect(try w.vigil(["log", "verify"]).status == 0)
        #expect(try report() == before)
        let again = try w.vigil(["upgrade", "--store-layout", "batches"])
        #expect(again.status == 2 && again.stderr.contains("already in store format 3"), "\(again.stderr)")
    }
}
