import EvidenceModel
import Foundation
import MerkleLog
import Testing

/// `vigil witness` cosigning a log's checkpoints from files, the log carrying the cosignatures, and
/// verifiers requiring them (`--witness … --witnesses-required N`) on the log, a published copy and a bundle.
@Suite(.serialized)
struct WitnessEndToEndTests {
    /// A witness: its key files and state folder in a scratch of its own.
    struct Auditor {
        let scratch: Scratch
        let vkey: String
        var keyPath: String { scratch.url.appendingPathComponent("key/witness.key").path }
        var statePath: String { scratch.url.appendingPathComponent("state").path }

        init(name: String) throws {
            scratch = try Scratch()
            let run = try scratch.vigil(["witness", "keygen", "--name", name, "--out", scratch.url.appendingPathComponent("key").path])
            #expect(run.status == 0, "\(run.stderr)")
            vkey = run.stdout.trimmingCharacters(in: .newlines)
        }

        /// Runs add-checkpoint on `request` (a file path) for the log key in `logVkey`.
        func addCheckpoint(_ request: URL, logVkey: String, time: String = "2026-12-01T00:00:00Z") throws -> VigilRun {
            try scratch.vigil([
                "witness", "add-checkpoint", "--key", keyPath, "--state", statePath, "--origin-key", logVkey,
                "--time", time, request.path,
            ])
        }

        func stateFiles() -> [String: Data] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: statePath)) ?? []).filter { $0.hasSuffix(".checkpoint") }
            return Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: statePath + "/" + $0) ?? Data()) })
        }
    }

    /// The log's add-checkpoint body for a witness knowing `oldSize`, as a file.
    private func request(_ log: Scratch, oldSize: Int, name: String) throws -> URL {
        let run = try log.vigil(["log", "witness-request", "--old-size", String(oldSize)])
        #expect(run.status == 0, "\(run.stderr)")
        return try log.write(name, run.stdout)
    }

    @Test func keygenWritesAPrivateKeyAndPrintsTheWitnessVkey() throws {
        let witness = try Auditor(name: "witness.example.org")
        let key = try NoteVerifierKey(vkey: witness.vkey)
        #expect(key.type == .cosignatureV1 && key.name == "witness.example.org")
        let mode = try FileManager.default.attributesOfItem(atPath: witness.keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try witness.scratch.vigil(["witness", "keygen", "--name", "w", "--out", witness.scratch.url.appendingPathComponent("key").path])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
    }

    @Test func cosignedCheckpointsMeetTheQuorumOnLogPublishedCopyAndBundle() throws {
        let log = try PublishMonitorTests.collected()
        let logVkey = log.url.appendingPathComponent("log.vkey").path
        let one = try Auditor(name: "w1.example"), two = try Auditor(name: "w2.example"), other = try Auditor(name: "w3.example")
        let body = try request(log, oldSize: 0, name: "req0")
        let signedBefore = try log.vigil(["log", "checkpoint"]).stdout
        var lines: [String] = []
        for witness in [one, two, other] {
            let run = try witness.addCheckpoint(body, logVkey: logVkey)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("— \(try NoteVerifierKey(vkey: witness.vkey).name) "))
            lines.append(run.stdout)
        }
        let policy = ["--witness", one.vkey, "--witness", two.vkey, "--witnesses-required", "2"]

        #expect(try log.vigil(["log", "cosign", "--add", try log.write("c1", lines[0]).path, "--witness", one.vkey]).status == 0)
        #expect(try log.vigil(["log", "cosign", "--add", try log.write("c3", lines[2]).path, "--witness", other.vkey]).status == 0)
        let cosigned = try log.vigil(["log", "checkpoint"]).stdout
        #expect(cosigned.hasPrefix(signedBefore))  // the log's signed bytes unchanged, lines added
        #expect(cosigned == signedBefore + lines[0] + lines[2])
        let noWitness = try log.vigil(["log", "verify", "--witnesses-required", "1"])
        #expect(noWitness.status == 2 && noWitness.stderr.contains("needs --witness"), "\(noWitness.stderr)")
        let impossible = try log.vigil(["log", "verify", "--witness", one.vkey, "--witnesses-required", "2"])
        #expect(impossible.status == 2 && impossible.stderr.contains("cannot be met by 1 distinct"), "\(impossible.stderr)")
        let logKeyAsWitness = try log.vigil(["log", "verify", "--witness", logVkey])
        #expect(logKeyAsWitness.status == 2 && logKeyAsWitness.stderr.contains("is not a witness key"), "\(logKeyAsWitness.stderr)")
        let short = try log.vigil(["log", "verify"] + policy)
        #expect(short.status == 3, "\(short.stderr)")
        #expect(short.stderr.contains("1 valid cosignature from the listed witnesses, 2 required"), "\(short.stderr)")
        // A line that is not a cosignature by the named witness is refused.
        let wrong = try log.vigil(["log", "cosign", "--add", try log.write("c2", lines[1]).path, "--witness", one.vkey])
        #expect(wrong.status == 3, "\(wrong.stderr)")

        #expect(try log.vigil(["log", "cosign", "--add", try log.write("c2", lines[1]).path, "--witness", two.vkey]).status == 0)
        let enough = try log.vigil(["log", "verify"] + policy)
        #expect(enough.status == 0, "\(enough.stderr)")
        #expect(enough.stderr.contains("cosigned by 2 listed witnesses"), "\(enough.stderr)")
        // Notes with signature lines the verifier does not know still verify against the log key alone.
        #expect(try log.vigil(["log", "verify-note", "--trust", logVkey, try log.write("cp", try log.vigil(["log", "checkpoint"]).stdout).path]).status == 0)

        let www = log.url.appendingPathComponent("www")
        #expect(try log.vigil(["publish", "--to", www.path]).status == 0)
        let auditor = try Scratch()
        let published = try auditor.vigil(["log", "verify", "--from", www.path, "--trust", logVkey] + policy)
        #expect(published.status == 0, "\(published.stderr)")
        let stranger = try Auditor(name: "w4.example")
        let unmet = try auditor.vigil(["log", "verify", "--from", www.path, "--trust", logVkey, "--witness", stranger.vkey])
        #expect(unmet.status == 3 && unmet.stderr.contains("0 valid cosignatures from the listed witnesses, 1 required"), "\(unmet.stderr)")

        try log.write("Controls/fw.yaml", Fixtures.controls)
        let export = try log.vigil(["bundle", "export", "--output", "audit.zip"])
        #expect(export.status == 0, "\(export.stderr)")
        let zip = log.url.appendingPathComponent("audit.zip").path
        let bundle = try auditor.vigil(["bundle", "verify", "--trust", logVkey, zip] + policy)
        #expect(bundle.status == 0, "\(bundle.stderr)")
        let bundleShort = try auditor.vigil([
            "bundle", "verify", "--trust", logVkey, zip, "--witness", one.vkey, "--witness", stranger.vkey,
            "--witnesses-required", "2",
        ])
        #expect(bundleShort.status == 3 && bundleShort.stderr.contains("1 valid cosignature"), "\(bundleShort.stderr)")
    }

    @Test func witnessFollowsTheLogAndRefusesConflictsAndForks() throws {
        let log = try PublishMonitorTests.collected()
        let forked = try PublishMonitorTests.fork(of: log)
        let logVkey = log.url.appendingPathComponent("log.vkey").path
        let witness = try Auditor(name: "w1.example")
        #expect(try witness.addCheckpoint(try request(log, oldSize: 0, name: "r0"), logVkey: logVkey).status == 0)

        // The next checkpoint, with a consistency proof from size 3, from the saved checkpoint.
        let saved = try log.write("cp3", try log.vigil(["log", "checkpoint"]).stdout)
        try PublishMonitorTests.collectMore(log, version: "3.0.0")
        let next = try log.vigil(["log", "witness-request", "--old", saved.path])
        #expect(next.status == 0 && next.stdout.hasPrefix("old 3\n") && !next.stdout.hasPrefix("old 3\n\n"), "\(next.stdout)")
        let grown = try witness.addCheckpoint(try log.write("r1", next.stdout), logVkey: logVkey, time: "2026-12-02T00:00:00Z")
        #expect(grown.status == 0, "\(grown.stderr)")
        let known = witness.stateFiles()
        #expect(known.count == 1)

        // 409: the log thinks the witness is at size 3; the witness answers with the size it knows.
        let stale = try witness.addCheckpoint(try log.write("r1", next.stdout), logVkey: logVkey)
        #expect(stale.status == 2 && stale.stdout == "4\n", "\(stale.stdout) \(stale.stderr)")
        #expect(stale.stderr.contains("(409)"))

        // A fork at the same size: same origin and key, another root. Refused, state unchanged.
        try PublishMonitorTests.collectMore(forked, version: "9.9.9")
        let fork = try witness.addCheckpoint(try request(forked, oldSize: 4, name: "rf"), logVkey: logVkey)
        #expect(fork.status == 3, "\(fork.stderr)")
        #expect(fork.stderr.contains("refused to cosign"), "\(fork.stderr)")
        #expect(fork.stdout.isEmpty)
        #expect(witness.stateFiles() == known)
        // And a grown fork whose proof cannot lead from the remembered root.
        try PublishMonitorTests.collectMore(forked, version: "9.9.10", folder: "more2")
        let forkedProof = try forked.vigil(["log", "witness-request", "--old-size", "4"]).stdout
        let grownFork = try witness.addCheckpoint(try forked.write("rg", forkedProof), logVkey: logVkey)
        #expect(grownFork.status == 3, "\(grownFork.stderr)")
        #expect(witness.stateFiles() == known)

        // A request body that is not one names the line.
        let bad = try witness.addCheckpoint(try log.write("bad", "old 4\nnot-base64\n\n"), logVkey: logVkey)
        #expect(bad.status == 2 && bad.stderr.contains("line 2"), "\(bad.stderr)")
    }
}
