import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// Every attack of the source-of-truth issue, on the built binary: a verdict rests only on evidence
/// in the signed log, and tampering with the store or the index is reported (exit 3), never believed.
@Suite(.serialized)
struct TrustAttackTests {
    @Test func aSideCommitForgeryChangesNoVerdictAndFailsVerification() throws {
        let w = try TamperedWorkspace()
        #expect(try w.status(of: "host:db-01").status == "fail")
        let forged = try w.forgedUpdatableRecord()
        let folder = w.subjectFolder("host:db-01")
        var entries = try w.show("\(folder)/entries")
        entries.append(Data("\n\(forged.id)\n".utf8))
        _ = try w.sideCommitForgery(
            ["\(folder)/records/\(forged.id).json": forged.canonicalData, "\(folder)/entries": entries], slipping: forged)
    }

    @Test func aRecordFileAddedWithoutItsLogFailsVerification() throws {
        let w = try TamperedWorkspace()
        let forged = try w.forgedUpdatableRecord()
        try w.moveHead(to: try w.commit(["\(w.subjectFolder("host:db-01"))/records/\(forged.id).json": forged.canonicalData]))
        let verify = try w.vigil(["log", "verify"])
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("entries"), "\(verify.stderr)")
        #expect(try w.status(of: "host:db-01").status == "fail")
    }

    /// The same bytes, filed as an executable or a symbolic link: only plain files belong to the store.
    @Test func aRecordFileMadeExecutableOrALinkFailsVerification() throws {
        for mode in ["100755", "120000"] {
            let w = try TamperedWorkspace()
            let genuine = try w.record(of: "host:db-01")
            let path = "\(w.subjectFolder("host:db-01"))/records/\(genuine.id).json"
            try w.moveHead(to: try w.commit([path: genuine.canonicalData], mode: mode))
            let verify = try w.vigil(["log", "verify"])
            #expect(verify.status == 3, "mode \(mode): \(verify.stderr)")
            #expect(verify.stderr.contains("\(path) is not a plain file"), "mode \(mode): \(verify.stderr)")
        }
    }

    @Test(arguments: TamperedWorkspace.layouts) func editingTheIndexIsReportedNotBelieved(layout: String) throws {
        let w = try TamperedWorkspace(layout: layout)
        let genuine = try w.record(of: "host:db-01")
        let forged = try w.forgedUpdatableRecord()
        let edits: [(String, [String])] = [
            (
                "UPDATE record SET json = CAST(? AS BLOB), id = ? WHERE id = ?",
                [String(decoding: forged.canonicalData, as: UTF8.self), forged.id, genuine.id]
            ),
            ("UPDATE record SET json = CAST(? AS BLOB) WHERE id = ?", [String(decoding: forged.canonicalData, as: UTF8.self), genuine.id]),
            // Rows are packed against their kind's dictionary (RecordPacking); a row kept plain
            // (dictionary 0, as before packing) is as readable, and as checked.
            (
                "UPDATE record SET json = CAST(? AS BLOB), id = ?, dictionary = 0 WHERE id = ?",
                [String(decoding: forged.canonicalData, as: UTF8.self), forged.id, genuine.id]
            ),
            ("UPDATE record SET dictionary = 0 WHERE id = ?", [genuine.id]),
            ("UPDATE record SET dictionary = 99 WHERE id = ?", [genuine.id]),
            ("UPDATE record_dictionary SET bytes = CAST(? AS BLOB)", [String(decoding: forged.canonicalData, as: UTF8.self)]),
            ("DELETE FROM record WHERE id = ?", [genuine.id]),
            ("UPDATE record SET observed_at = observed_at - 86400 WHERE id = ?", [genuine.id]),
            ("UPDATE record SET logged_at = logged_at + 86400 WHERE id = ?", [genuine.id]),
            ("UPDATE log_state SET root_size = root_size - 1", []),
        ]
        for (statement, parameters) in edits {
            #expect(try w.vigil(["index", "rebuild"]).status == 0)
            // A check seals the audited index (index.sqlite.seal): the edit must break the seal.
            #expect(try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"]).status == 1)
            #expect(FileManager.default.fileExists(atPath: w.index + ".seal"))
            try w.sql(statement, parameters)
            let check = try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"])
            #expect(check.status == 3, "\(statement): \(check.stderr)")
            #expect(check.stderr.contains("disagrees with the signed log"), "\(statement): \(check.stderr)")
            #expect(try w.vigil(["evidence", "list"]).status == 3, "\(statement)")
        }
        #expect(try w.vigil(["index", "rebuild"]).status == 0)
        #expect(try w.status(of: "host:db-01") == (1, "fail"))
    }

    @Test func theTUIOpensBeforeItsAuditAndShowsAnEditedIndexInsteadOfItsVerdicts() throws {
        let w = try TamperedWorkspace()
        try w.sql("UPDATE record SET observed_at = observed_at - 86400 WHERE id = ?", [try w.record(of: "host:db-01").id])
        let script = try w.scratch.write("steps.txt", ":dump open\nq\n")
        let dumps = w.scratch.url.appendingPathComponent("dumps")
        let run = try w.vigil([
            "tui", "--at", "2026-11-22T00:00:00Z", "--script", script.path, "--size", "120x24",
            "--dump-screen", dumps.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let screen = try String(contentsOf: dumps.appendingPathComponent("open.screen"), encoding: .utf8)
        #expect(screen.contains("verification failed: ") && screen.contains("index.sqlite"), "\(screen)")
        #expect(!screen.contains("FW-01"), "no verdict is shown from an index that failed its audit")
    }

    /// A reopening shows the controls list kept from the last evaluation before it opens the index;
    /// once the index was edited, the audit that follows fails and the kept list is taken down.
    @Test func aKeptControlsListIsTakenDownWhenTheIndexFailsItsAudit() throws {
        let w = try TamperedWorkspace()
        let script = try w.scratch.write("steps.txt", ":dump open\nq\n")
        func open(_ name: String) throws -> String {
            let dumps = w.scratch.url.appendingPathComponent(name)
            let run = try w.vigil([
                "tui", "--at", "2026-11-22T00:00:00Z", "--script", script.path, "--size", "120x24", "--dump-screen", dumps.path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            return try String(contentsOf: dumps.appendingPathComponent("open.screen"), encoding: .utf8)
        }
        #expect(try open("first").contains("FW-01"))
        #expect(try open("kept").contains("FW-01"))
        try w.sql("UPDATE record SET observed_at = observed_at - 86400 WHERE id = ?", [try w.record(of: "host:db-01").id])
        let screen = try open("edited")
        #expect(screen.contains("verification failed: ") && screen.contains("index.sqlite"), "\(screen)")
        #expect(!screen.contains("FW-01"), "no verdict is shown once the index failed its audit")
    }

    /// The TUI's kept evaluations are MACed; files copied from another key's (here the day before
    /// the evidence, all missing, over the day after, db-01 failing) must not be shown.
    @Test func anEvaluationCopiedToAnotherKeyIsNotShown() throws {
        let w = try TamperedWorkspace()
        let script = try w.scratch.write("steps.txt", ":dump open\nq\n")
        func open(at instant: String, _ name: String) throws -> String {
            let dumps = w.scratch.url.appendingPathComponent(name)
            let run = try w.vigil(["tui", "--at", instant, "--script", script.path, "--size", "120x24", "--dump-screen", dumps.path])
            #expect(run.status == 0, "\(run.stderr)")
            return try String(contentsOf: dumps.appendingPathComponent("open.screen"), encoding: .utf8)
        }
        #expect(try open(at: "2026-11-19T00:00:00Z", "before").contains("MISSING"))
        #expect(try open(at: "2026-11-22T00:00:00Z", "after").contains("FAIL"))
        let folder = w.scratch.url.appendingPathComponent(".vigil/tui-cache")
        for kind in ["preview", "evaluation"] {
            let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
                .filter { $0.pathExtension == kind }
                .sorted {
                    try $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate! < $1.resourceValues(forKeys: [
                        .contentModificationDateKey
                    ]).contentModificationDate!
                }
            try #require(files.count == 2)
            try FileManager.default.removeItem(at: files[1])
            try FileManager.default.copyItem(at: files[0], to: files[1])
        }
        let attacked = try open(at: "2026-11-22T00:00:00Z", "attacked")
        #expect(attacked.contains("FAIL") && !attacked.contains("MISSING"), "\(attacked)")
    }

    @Test(arguments: TamperedWorkspace.layouts) func deletedOrReplacedRawInputsFailVerificationAndBundles(layout: String) throws {
        for replace in [false, true] {
            let w = try TamperedWorkspace(layout: layout)
            let raw = try w.record(of: "host:db-01").source.sha256
            let content: Data? = replace ? Data(Fixtures.fwupd(updatable: true).utf8) : nil
            try w.moveHead(to: try w.commit(["raw/\(raw)": content]))
            let verify = try w.vigil(["log", "verify"])
            #expect(verify.status == 3, "replace \(replace): \(verify.stderr)")
            #expect(verify.stderr.contains("raw/\(raw)"), "\(verify.stderr)")
            let export = try w.vigil(["bundle", "export", "--output", "b.zip", "--subject", "host:db-01"])
            #expect(export.status == 3, "replace \(replace): \(export.stderr)")
            #expect(export.stderr.contains(raw), "\(export.stderr)")
            #expect(!FileManager.default.fileExists(atPath: w.scratch.url.appendingPathComponent("b.zip").path))
        }
    }

    @Test func foreignFilesInTheStoreAreNamed() throws {
        for path in ["subjects/zz", "raw/junk", "log/subjects/ff/notasubject/compact", "subjects/ab/cd/records/x.json", "notes.txt"] {
            let w = try TamperedWorkspace()
            try w.moveHead(to: try w.commit([path: Data("x\n".utf8)]))
            let verify = try w.vigil(["log", "verify"])
            #expect(verify.status == 3, "\(path)")
            #expect(verify.stderr.contains("\(path) is not part of the store layout"), "\(path): \(verify.stderr)")
        }
    }

    @Test(arguments: TamperedWorkspace.layouts) func aMergedSideBranchFailsVerification(layout: String) throws {
        let w = try TamperedWorkspace(layout: layout)
        let first = try w.git(["rev-list", "--max-parents=0", "HEAD"])
        let tree = try w.git(["rev-parse", "HEAD^{tree}"])
        let merge = try w.git(["commit-tree", tree, "-p", "HEAD", "-p", first, "-m", "merge"])
        try w.moveHead(to: merge)
        let verify = try w.vigil(["log", "verify"])
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("is a merge"), "\(verify.stderr)")
    }

    @Test(arguments: TamperedWorkspace.layouts) func backdatedEvidenceIsMarkedLateAndKnownAtReproducesThePast(layout: String) throws {
        let w = try TamperedWorkspace(layout: layout)
        // Today (a second later), db-01's firmware is collected again, as if observed on 2026-11-21: updatable.
        Thread.sleep(forTimeInterval: 1.1)
        try w.scratch.write("late/db-01.json", Fixtures.fwupd(updatable: true))
        #expect(try w.vigil(["collect", "fwupd", "late", "--observed-at", "2026-11-21T00:00:00Z"]).status == 0)
        #expect(try w.status(of: "host:db-01").status == "pass", "--at keeps its meaning: observed by then")

        let report = try w.vigil(["check", "--format", "json", "--at", "2026-11-22T00:00:00Z"]).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let results = ((json["controls"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let db = try #require(results.first { $0["subject"] as? String == "host:db-01" })
        #expect((db["late"] as? [String])?.isEmpty == false, "the verdict rests on evidence logged after as_of")
        #expect(Set(db["late"] as? [String] ?? []) == Set(db["evidence"] as? [String] ?? []))
        #expect(json["known_at"] is NSNull)
        #expect(try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"]).stdout.contains("⏱ late"))

        // What a check could have said at a time before the backfill: the first collect only.
        let firstLogged = try w.git(["log", "--reverse", "--format=%cI", "HEAD"]).split(separator: "\n")[1]
        let known = try w.status(of: "host:db-01", ["--known-at", String(firstLogged)])
        #expect(known.status == "fail")
        let reproduced = try w.vigil(["check", "--format", "json", "--at", "2026-11-22T00:00:00Z", "--known-at", String(firstLogged)])
        #expect(
            reproduced.stdout.contains("\"known_at\": \"\(firstLogged.replacingOccurrences(of: "+00:00", with: "Z"))\""), "\(reproduced.stdout.prefix(300))")
        let listed = try w.vigil(["evidence", "list", "--subject", "host:db-01", "--known-at", String(firstLogged)])
        #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)")
    }

    @Test(arguments: TamperedWorkspace.layouts) func evidenceDatedAheadOfTheClockIsRejected(layout: String) throws {
        let w = try TamperedWorkspace(layout: layout)
        try w.scratch.write("future/db-01.json", Fixtures.fwupd(updatable: true))
        let collect = try w.vigil(["collect", "fwupd", "future", "--observed-at", "2031-01-01T00:00:00Z"])
        #expect(collect.status == 2)
        #expect(collect.stderr.contains("ahead of this host's clock"), "\(collect.stderr)")
        #expect(try w.vigil(["evidence", "list", "--subject", "host:db-01"]).stdout.split(separator: "\n").count == 2)
        // Within the configured skew it is accepted.
        try w.scratch.write("vigil.yaml", "clock_skew: 10000d\n")
        #expect(try w.vigil(["collect", "fwupd", "future", "--observed-at", "2031-01-01T00:00:00Z"]).status == 0)
    }

    @Test(arguments: TamperedWorkspace.layouts) func theLogVerifiesWholeAfterManyCollects(layout: String) throws {
        let w = try TamperedWorkspace(layout: layout)
        for day in 21...24 {
            try w.scratch.write("d\(day)/db-01.json", Fixtures.fwupd(updatable: day % 2 == 0, version: "1.2.\(day)"))
            #expect(try w.vigil(["collect", "fwupd", "d\(day)", "--observed-at", "2026-11-\(day)T00:00:00Z"]).status == 0)
        }
        let verify = try w.vigil(["log", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("6 checkpoints"), "\(verify.stderr)")
        let fsck = try runGit(["--git-dir", w.store, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }
}

/// Workspaces written before logged times existed (store format 1) are refused with a message that
/// names `vigil upgrade`, which rebuilds the log with logged times and keeps the old store.
@Suite struct StoreUpgradeTests {
    @Test func aFormatOneWorkspaceIsRefusedThenUpgraded() throws {
        let scratch = try Scratch()
        let archive = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/v1-workspace.tar.gz")
        let tar = try runProcess("/bin/tar", ["-xzf", archive.path, "-C", scratch.url.path])
        #expect(tar.status == 0, "\(tar.output)")

        let refused = try scratch.vigil(["evidence", "list"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("vigil upgrade"), "\(refused.stderr)")
        #expect(try scratch.vigil(["log", "verify"]).status == 0, "an old store still verifies as it is")

        let upgrade = try scratch.vigil(["upgrade"])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stderr.contains("2 commits, 3 records"), "\(upgrade.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent(".vigil/store.v1/HEAD").path))
        let verify = try scratch.vigil(["log", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("3 records of 2 subjects"), "\(verify.stderr)")
        let listed = try scratch.vigil(["evidence", "list"])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 3)
        #expect(try scratch.vigil(["upgrade"]).status == 2, "nothing left to upgrade")
    }
}
