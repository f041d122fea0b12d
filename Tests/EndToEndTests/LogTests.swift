import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

/// `vigil log` and `vigil keys` on the built binary, including tampering by hand with git.
@Suite(.serialized)
struct LogCommandTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MerkleLogTests/Vectors")

    /// Two collects (root log size 3) into a store of `layout`; also used by the publishing,
    /// monitor and witness tests.
    static func collected(layout: String = "folders") throws -> Scratch {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none", "--store-layout", layout]).status == 0)
        try scratch.write("in/web-01.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/db-01.json", Fixtures.fwupd(updatable: false))
        #expect(try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"]).status == 0)
        try scratch.write("later/web-01.json", Fixtures.fwupd(updatable: false, version: "2.0.0"))
        #expect(try scratch.vigil(["collect", "fwupd", "later", "--observed-at", "2026-11-21T00:00:00Z"]).status == 0)
        return scratch
    }

    private func storePath(_ scratch: Scratch) -> String { scratch.url.appendingPathComponent(".vigil/store").path }

    /// Commits a changed tree on top of HEAD with git plumbing, as an attacker with write access would.
    private func rewrite(_ scratch: Scratch, _ changes: [String: String?]) throws {
        let store = storePath(scratch)
        let env = ["GIT_INDEX_FILE": scratch.url.appendingPathComponent("attack.index").path]
        _ = try runGit(["--git-dir", store, "read-tree", "HEAD"], environment: env)
        for (path, content) in changes {
            if let content {
                let file = try scratch.write("attack.blob", content)
                let blob = try runGit(["--git-dir", store, "hash-object", "-w", file.path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
                _ = try runGit(["--git-dir", store, "update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)"], environment: env)
            } else {
                _ = try runGit(["--git-dir", store, "update-index", "--force-remove", path], environment: env)
            }
        }
        let tree = try runGit(["--git-dir", store, "write-tree"], environment: env).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try runGit(["--git-dir", store, "commit-tree", tree, "-p", "HEAD", "-m", "edit"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try runGit(["--git-dir", store, "update-ref", "refs/heads/main", commit])
    }

    private func show(_ scratch: Scratch, _ path: String) throws -> String {
        try runGit(["--git-dir", storePath(scratch), "show", "HEAD:\(path)"]).output
    }

    private func subjectFolder(_ subject: String) -> String {
        let hash = SHA256Hex.of(subject)
        return "subjects/\(hash.prefix(2))/\(hash)"
    }

    @Test func cleanLogVerifiesAndTheReportCarriesItsCheckpoint() throws {
        let scratch = try Self.collected()
        let verify = try scratch.vigil(["log", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("log verified: 6 records of 2 subjects, root log size 3, 3 checkpoints"))
        let checkpoint = try scratch.vigil(["log", "checkpoint"]).stdout
        let note = try Note(parsing: Data(checkpoint.utf8))
        let parsed = try Checkpoint(note)
        #expect(parsed.size == 3)
        try scratch.write("Controls/fw.yaml", Fixtures.controls)
        let report = try JSONValue.parse(Data(try scratch.vigil(["check", "--format", "json", "--at", "2026-11-22T00:00:00Z"]).stdout.utf8))
        #expect(report["checkpoint"]?["size"] == 3)
        #expect(report["checkpoint"]?["origin"] == .string(parsed.origin))
        #expect(report["checkpoint"]?["root_hash"] == .string(parsed.rootHash.base64EncodedString()))
    }

    @Test func anEditedRecordFailsVerification() throws {
        let scratch = try Self.collected()
        let folder = subjectFolder("host:db-01")
        let id = try show(scratch, folder + "/entries").split(separator: "\n")[0]
        let path = "\(folder)/records/\(id).json"
        try rewrite(scratch, [path: try show(scratch, path).replacingOccurrences(of: "1.2.3", with: "9.9.9")])
        let run = try scratch.vigil(["log", "verify"])
        #expect(run.status == 3)
        #expect(run.stderr.contains(String(id)), "\(run.stderr)")
    }

    @Test func aDeletedRecordFailsVerification() throws {
        let scratch = try Self.collected()
        let folder = subjectFolder("host:web-01")
        let ids = try show(scratch, folder + "/entries").split(separator: "\n")
        let kept = ids.dropFirst().map { $0 + "\n" }.joined()
        try rewrite(scratch, ["\(folder)/records/\(ids[0]).json": nil, "\(folder)/entries": kept])
        let run = try scratch.vigil(["log", "verify"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("host:web-01"), "\(run.stderr)")
    }

    @Test func reorderedRecordsFailVerification() throws {
        let scratch = try Self.collected()
        let folder = subjectFolder("host:web-01")
        let ids = try show(scratch, folder + "/entries").split(separator: "\n")
        try rewrite(scratch, ["\(folder)/entries": ids.reversed().map { $0 + "\n" }.joined()])
        let run = try scratch.vigil(["log", "verify"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("host:web-01"), "\(run.stderr)")
    }

    @Test(arguments: TamperedWorkspace.layouts) func aCheckpointResignedByAnUntrustedKeyFailsVerification(layout: String) throws {
        let scratch = try Self.collected(layout: layout)
        let note = try Note(parsing: Data(try show(scratch, "log/checkpoint").utf8))
        let origin = try Checkpoint(note).origin
        let forged = try NoteSignerKey.generate(name: origin).sign(note.text)
        try rewrite(scratch, ["log/checkpoint": forged.serialized])
        let run = try scratch.vigil(["log", "verify"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("checkpoint signature"), "\(run.stderr)")
        // The auditor's own trusted key decides, not the workspace's files.
        let trusted = try scratch.vigil(["keys", "public"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try scratch.vigil(["log", "verify", "--trust", trusted]).status == 3)
    }

    @Test(arguments: TamperedWorkspace.layouts) func rewrittenHistoryFailsVerification(layout: String) throws {
        let scratch = try Self.collected(layout: layout)
        let store = storePath(scratch)
        // Drop the middle collection: point main at a rewrite of the last commit onto the first.
        let first = try runGit(["--git-dir", store, "rev-parse", "HEAD~2"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let tree = try runGit(["--git-dir", store, "rev-parse", "HEAD^{tree}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let rewritten = try runGit(["--git-dir", store, "commit-tree", tree, "-p", first, "-m", "rewritten"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try runGit(["--git-dir", store, "update-ref", "refs/heads/main", rewritten])
        // Squashing two collections into one commit rewrites history: each commit must log exactly
        // what it added, at its own time.
        let squashed = try scratch.vigil(["log", "verify"])
        #expect(squashed.status == 3, "\(squashed.stderr)")
        #expect(squashed.stderr.contains("commit \(rewritten.prefix(12))"), "\(squashed.stderr)")
        // Now replace history with a store whose log was rebuilt with different evidence, same key.
        let other = try collectedWith(scratch, updatable: false)
        #expect(other.status == 3, "\(other.stderr)")
    }

    /// Appends a checkpoint of a smaller log than the one before it: a rollback.
    private func collectedWith(_ scratch: Scratch, updatable: Bool) throws -> VigilRun {
        let store = storePath(scratch)
        let older = try runGit(["--git-dir", store, "show", "HEAD~1:log/checkpoint"]).output
        try rewrite(scratch, ["log/checkpoint": older])
        return try scratch.vigil(["log", "verify"])
    }

    @Test(arguments: TamperedWorkspace.layouts) func proofsVerifyOfflineAndConsistencyHolds(layout: String) throws {
        let scratch = try Self.collected(layout: layout)
        let oldCheckpoint = try scratch.write("old.checkpoint", try runGit(["--git-dir", storePath(scratch), "show", "HEAD~1:log/checkpoint"]).output)
        let consistency = try scratch.vigil(["log", "consistency", oldCheckpoint.path])
        #expect(consistency.status == 0, "\(consistency.stderr)")
        #expect(consistency.stdout.hasPrefix("vigil.consistency-proof/v1\nold 2\nnew 3\n"))

        let line = try #require(try scratch.vigil(["evidence", "list"]).stdout.split(separator: "\n").first)
        var record = try JSONValue.parse(Data(line.utf8)).objectValue ?? [:]
        let id = try #require(record.removeValue(forKey: "id")?.stringValue)
        let leaf = try scratch.write("record.json", try CanonicalJSON.data(.object(record)))
        let proof = try scratch.vigil(["log", "prove", id])
        #expect(proof.status == 0)
        let proofFile = try scratch.write("record.proof", proof.stdout)
        let vkey = try scratch.write("log.vkey", try scratch.vigil(["keys", "public"]).stdout)
        let ok = try scratch.vigil(["log", "verify-proof", "--trust", vkey.path, "--leaf", leaf.path, proofFile.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        try scratch.write("record.json", try CanonicalJSON.data(.object(record)).dropLast() + Data("x".utf8))
        #expect(try scratch.vigil(["log", "verify-proof", "--trust", vkey.path, "--leaf", leaf.path, proofFile.path]).status == 3)
    }

    @Test func realSumGolangOrgNoteAndProofVerify() throws {
        let scratch = try Scratch()
        let dir = Self.vectors.appendingPathComponent("sumdb")
        let vkey = try String(contentsOf: dir.appendingPathComponent("sum.golang.org.vkey"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let proofFile = dir.appendingPathComponent("go.sum-database-tree-43930254.tlog-proof")
        let proofText = try String(contentsOf: proofFile, encoding: .utf8)
        let blank = try #require(proofText.range(of: "\n\n"))
        let note = try scratch.write("sum.checkpoint", String(proofText[blank.upperBound...]))
        let good = try scratch.vigil(["log", "verify-note", "--trust", vkey, note.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stderr.contains("sum.golang.org"))
        var bytes = try Data(contentsOf: note)
        bytes[5] ^= 0x01
        try bytes.write(to: note)
        #expect(try scratch.vigil(["log", "verify-note", "--trust", vkey, note.path]).status == 3)
        let leaf = dir.appendingPathComponent("go.sum-database-tree-43930254.raw")
        let proof = try scratch.vigil(["log", "verify-proof", "--trust", vkey, "--leaf", leaf.path, proofFile.path])
        #expect(proof.status == 0, "\(proof.stderr)")
    }

    @Test func keysRotateRetireAndRefuseReadableFiles() throws {
        let scratch = try Self.collected()
        let keys = scratch.url.appendingPathComponent(".vigil/keys")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: keys.path).first { $0.hasSuffix(".key") })
        let mode = try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent(first).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try scratch.vigil(["keys", "rotate"]).status == 0)
        try scratch.write("more/mail-01.json", Fixtures.fwupd(updatable: true))
        #expect(try scratch.vigil(["collect", "fwupd", "more"]).status == 0)
        let both = try Note(parsing: Data(try scratch.vigil(["log", "checkpoint"]).stdout.utf8))
        #expect(both.signatures.count == 2)
        #expect(try scratch.vigil(["keys", "public"]).stdout.split(separator: "\n").count == 2)
        let oldID = String(first.dropFirst(4).prefix(8))
        #expect(try scratch.vigil(["keys", "retire", oldID]).status == 0)
        let list = try scratch.vigil(["keys", "list"]).stdout
        #expect(list.contains("retired \(oldID)"))
        #expect(try scratch.vigil(["log", "verify"]).status == 0, "retired keys still verify the checkpoints they signed")

        let active = try #require(try FileManager.default.contentsOfDirectory(atPath: keys.path).first { $0.hasSuffix(".key") })
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keys.appendingPathComponent(active).path)
        try scratch.write("more2/x-01.json", Fixtures.fwupd(updatable: true))
        let refused = try scratch.vigil(["collect", "fwupd", "more2"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("readable by group or others"))
    }

    @Test func publishedLogVerifiesWithTheKeyAloneAndAChangedTileFails() throws {
        let scratch = try Self.collected()
        let published = scratch.url.appendingPathComponent("www")
        let run = try scratch.vigil(["publish", "--to", published.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: published.appendingPathComponent("checkpoint").path))
        #expect(FileManager.default.fileExists(atPath: published.appendingPathComponent("tile/0/000.p/3").path))
        #expect(FileManager.default.fileExists(atPath: published.appendingPathComponent("tile/entries/000.p/3").path))
        let vkey = try scratch.write("log.vkey", try scratch.vigil(["keys", "public"]).stdout)
        let elsewhere = try Scratch()  // no workspace there: the auditor's machine
        let ok = try elsewhere.vigil(["log", "verify", "--from", published.path, "--trust", vkey.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("at size 3"))
        let entries = published.appendingPathComponent("tile/entries/000.p/3")
        var bytes = try Data(contentsOf: entries)
        bytes[bytes.count - 2] ^= 0x20
        try bytes.write(to: entries)
        let bad = try elsewhere.vigil(["log", "verify", "--from", published.path, "--trust", vkey.path])
        #expect(bad.status == 3)
    }
}
