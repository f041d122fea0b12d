import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// What a dishonest operator with shell access does to a workspace: git plumbing on the store and
/// SQL on the index. Each attack test builds a small store, attacks it, and checks that Vigil reports it.
struct TamperedWorkspace {
    let scratch: Scratch
    var store: String { scratch.url.appendingPathComponent(".vigil/store").path }
    var index: String { scratch.url.appendingPathComponent(".vigil/index.sqlite").path }

    static let controls = """
        - id: FW-01
          title: System firmware can be updated
          description: Devices without the fwupd updatable flag cannot receive security fixes.
          severity: high
          evidence: firmware.device
          check: {type: firmware_updatable}
        """

    /// Two hosts observed on 2026-11-20: web-01 passes FW-01, db-01 fails it, in a store of
    /// `layout` (`vigil init --store-layout`).
    init(layout: String = "folders") throws {
        scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none", "--store-layout", layout]).status == 0)
        try scratch.write("Controls/firmware.yaml", Self.controls)
        try scratch.write("in/web-01.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/db-01.json", Fixtures.fwupd(updatable: false))
        let collect = try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
    }

    func vigil(_ arguments: [String]) throws -> VigilRun { try scratch.vigil(arguments) }

    /// Both store layouts: the attacks that do not depend on where records are filed run on each.
    static let layouts = ["folders", "batches"]

    /// FW-01's status for a subject in `vigil check --format json` (and the exit status).
    func status(of subject: String, _ extra: [String] = []) throws -> (exit: Int32, status: String?) {
        let run = try vigil(["check", "--format", "json", "--at", "2026-11-22T00:00:00Z"] + extra)
        guard let data = run.stdout.data(using: .utf8), !run.stdout.isEmpty,
            let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let controls = report["controls"] as? [[String: Any]],
            let results = controls.first?["results"] as? [[String: Any]]
        else { return (run.status, nil) }
        return (run.status, results.first { $0["subject"] as? String == subject }?["status"] as? String)
    }

    /// The genuine newest firmware record of `subject`.
    func record(of subject: String) throws -> EvidenceRecord {
        let lines = try vigil(["evidence", "list", "--subject", subject]).stdout.split(separator: "\n")
        let value = try JSONValue.parse(Data(String(lines.first { $0.contains("System Firmware") } ?? "").utf8))
        return try EvidenceRecord(json: value)
    }

    /// A well-formed record (correct id, canonical bytes) claiming db-01's firmware became updatable.
    func forgedUpdatableRecord() throws -> EvidenceRecord {
        let genuine = try record(of: "host:db-01")
        var data = genuine.data
        data["Flags"] = .array(["internal", "updatable", "supported", "registered"].map(JSONValue.string))
        data["UpdateError"] = nil
        return EvidenceRecord(
            kind: genuine.kind, subject: genuine.subject, observedAt: genuine.observedAt.addingTimeInterval(3600),
            collector: genuine.collector, origin: genuine.origin, source: genuine.source, data: data)
    }

    func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let result = try runGit(["--git-dir", store] + arguments, environment: environment)
        #expect(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.output)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a commit of `base`'s tree with `changes` (nil removes a path) on top of `parent`.
    /// - Returns: the new commit's id (no ref moves).
    func commit(
        base: String = "HEAD", parent: String = "HEAD", _ changes: [String: Data?], mode: String = "100644", message: String = "edit"
    ) throws -> String {
        let env = ["GIT_INDEX_FILE": scratch.url.appendingPathComponent("attack.index").path]
        _ = try git(["read-tree", base], environment: env)
        for (path, content) in changes.sorted(by: { $0.key < $1.key }) {
            if let content {
                let file = try scratch.write("attack.blob", content)
                let blob = try git(["hash-object", "-w", file.path])
                _ = try git(["update-index", "--add", "--cacheinfo", "\(mode),\(blob),\(path)"], environment: env)
            } else {
                // `--index-info` with mode 0 removes the entry; `--force-remove` wants a work tree.
                let info = try scratch.write("attack.info", "0 \(String(repeating: "0", count: 40))\t\(path)\n")
                let removed = try runGit(["--git-dir", store, "update-index", "--index-info"], environment: env, input: info)
                #expect(removed.status == 0, "removing \(path): \(removed.output)")
            }
        }
        let tree = try git(["write-tree"], environment: env)
        return try git(["commit-tree", tree, "-p", parent, "-m", message])
    }

    func moveHead(to commit: String) throws { _ = try git(["update-ref", "refs/heads/main", commit]) }

    /// Commits `files` (commit A, returned with `log verify`'s run), then HEAD's tree again on top of
    /// it, both keeping HEAD's checkpoint, and checks that neither the index, an index rebuilt nor a
    /// proof believes `forged`, the record the files slip in about host:db-01.
    func sideCommitForgery(_ files: [String: Data], slipping forged: EvidenceRecord) throws -> (commit: String, verify: VigilRun) {
        let original = try git(["rev-parse", "HEAD"])
        let a = try commit(files)
        try moveHead(to: try commit(base: original, parent: a, [:]))
        #expect(try status(of: "host:db-01").status == "fail", "the index must not read side commits")
        let verify = try vigil(["log", "verify"])
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("commit \(a.prefix(12))"), "\(verify.stderr)")
        #expect(try vigil(["index", "rebuild"]).status == 0)
        #expect(try status(of: "host:db-01").status == "fail", "a rebuilt index must not keep the forgery")
        let prove = try vigil(["log", "prove", forged.id])
        #expect(prove.status == 3, "\(prove.stderr)")
        return (a, verify)
    }

    func show(_ path: String, at commit: String = "HEAD") throws -> Data {
        Data(try git(["show", "\(commit):\(path)"]).utf8)
    }

    func subjectFolder(_ subject: String) -> String {
        let hash = SHA256Hex.of(subject)
        return "subjects/\(hash.prefix(2))/\(hash)"
    }

    /// Runs SQL on the index, as anyone who can write the file can (Python's sqlite3 module).
    func sql(_ statement: String, _ parameters: [String] = []) throws {
        let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute(sys.argv[2], sys.argv[3:])\nc.commit()\n"
        let run = try runProcess("python3", ["-c", script, index, statement] + parameters)
        #expect(run.status == 0, "sql: \(statement): \(run.output)")
    }
}
