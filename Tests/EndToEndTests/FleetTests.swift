import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// Many hosts, one log (issue 17) on the built binary: collector workspaces push their branches to a
/// bare repository or a `git daemon`, and the central workspace pulls, sequences, signs and checks.
@Suite(.serialized)
struct FleetTests {
    /// A scratch folder with a bare hub repository, a central workspace and collectors `a`, `b`, `c`.
    struct Fleet {
        let scratch: Scratch
        var hub: String { scratch.url.appendingPathComponent("hub.git").path }

        /// `layout` is the central store's (`vigil init --store-layout`); collectors' branches are
        /// the same in either.
        init(layout: String = "folders") throws {
            scratch = try Scratch()
            #expect(try runGit(["init", "-q", "--bare", hub]).status == 0)
            let central = try scratch.vigil(["init", "--controls", "none", "--home", "central", "--store-layout", layout])
            #expect(central.status == 0, "\(central.stderr)")
            try scratch.write("Controls/firmware.yaml", TamperedWorkspace.controls)
            for name in ["a", "b", "c"] {
                let created = try scratch.vigil(["init", "--home", name, "--collector", name])
                #expect(created.status == 0, "\(created.stderr)")
            }
        }

        /// `vigil collect fwupd` on collector `name` of one fwupd file about `host`.
        func collect(
            _ name: String, host: String, updatable: Bool = true, version: String = "1.2.3",
            at observed: String = "2026-11-20T00:00:00Z"
        ) throws {
            let file = try scratch.write("in-\(name)-\(host)/\(host).json", Fixtures.fwupd(updatable: updatable, version: version))
            let run = try scratch.vigil([
                "collect", "--home", name, "fwupd", file.path, "--subject", "host:\(host)",
                "--observed-at", observed,
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }

        func push(_ name: String, to remote: String? = nil) throws -> VigilRun {
            try scratch.vigil(["push", "--home", name, remote ?? hub])
        }

        func sequence(from remote: String? = nil) throws -> VigilRun {
            try scratch.vigil(["sequence", "--home", "central", "--pull", remote ?? hub])
        }

        func central(_ arguments: [String]) throws -> VigilRun {
            try scratch.vigil(arguments + ["--home", "central"])
        }

        /// The ids of the records in the central log (`vigil evidence list`).
        func loggedIDs() throws -> [String] {
            try central(["evidence", "list"]).stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
            }
        }

        /// The record ids on a branch of a repository (`git ls-tree`).
        func recordIDs(_ branch: String, in repository: String) throws -> Set<String> {
            let listing = try runGit(["--git-dir", repository, "ls-tree", "-r", "--name-only", branch]).output
            return Set(listing.split(separator: "\n").filter { $0.contains("/records/") }.map { String($0.split(separator: "/")[4].dropLast(5)) })
        }

        func storePath(_ name: String) -> String { scratch.url.appendingPathComponent("\(name)/store").path }

        func expectLogVerifies() throws {
            let verify = try central(["log", "verify"])
            #expect(verify.status == 0, "\(verify.stderr)")
        }
    }

    @Test(arguments: TamperedWorkspace.layouts) func threeCollectorsPushToABareRepositoryAndTheSequencerLogsThemInTwoRounds(layout: String) throws {
        let fleet = try Fleet(layout: layout)
        try fleet.collect("a", host: "web-01")
        try fleet.collect("b", host: "db-01")
        try fleet.collect("c", host: "lab-3")
        // The same observation collected by two hosts is one record: it is stored once.
        try fleet.collect("c", host: "web-01")
        for name in ["a", "b", "c"] {
            let push = try fleet.push(name)
            #expect(push.status == 0, "\(push.stderr)")
        }
        let onBranches = try ["a", "b", "c"].map { try fleet.recordIDs("collect/\($0)", in: fleet.hub) }
        #expect(!onBranches[0].isDisjoint(with: onBranches[2]))

        let first = try fleet.sequence()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("collect/c: "), "\(first.stderr)")
        #expect(first.stderr.contains("\(onBranches[0].count) duplicates"), "\(first.stderr)")
        let logged = try fleet.loggedIDs()
        #expect(logged.count == Set(logged).count)
        #expect(Set(logged) == onBranches[0].union(onBranches[1]).union(onBranches[2]))
        try fleet.expectLogVerifies()
        #expect(try fleet.central(["check", "--controls", "Controls", "--at", "2026-11-21T00:00:00Z"]).status == 0)

        // Round two: only the new records, logged at the sequencing time.
        try fleet.collect("a", host: "web-01", updatable: false, version: "2.0.0", at: "2026-11-22T00:00:00Z")
        #expect(try fleet.push("a").status == 0)
        let second = try fleet.sequence()
        #expect(second.status == 0, "\(second.stderr)")
        let added = try fleet.recordIDs("collect/a", in: fleet.hub).subtracting(onBranches[0])
        #expect(second.stderr.contains("collect/a: \(added.count) sequenced, 0 duplicates"), "\(second.stderr)")
        #expect(!second.stderr.contains("collect/b"), "\(second.stderr)")
        #expect(Set(try fleet.loggedIDs()) == Set(logged).union(added))
        try fleet.expectLogVerifies()
        let check = try fleet.central(["check", "--controls", "Controls", "--at", "2026-11-23T00:00:00Z"])
        #expect(check.status == 1, "web-01 is now not updatable: \(check.stdout)")

        let idle = try fleet.sequence()
        #expect(idle.status == 0 && idle.stderr.contains("nothing to sequence"), "\(idle.stderr)")
        // The signed log can be pushed back for replicas and auditors.
        #expect(try fleet.central(["push", fleet.hub]).status == 0)
        #expect(
            try runGit(["--git-dir", fleet.hub, "rev-parse", "refs/heads/main"]).output
                == runGit(["--git-dir", fleet.storePath("central"), "rev-parse", "HEAD"]).output)
    }

    @Test(arguments: TamperedWorkspace.layouts) func collectorsPushToGitDaemonAndTheSequencerPullsFromIt(layout: String) throws {
        let fleet = try Fleet(layout: layout)
        let daemon = try GitDaemon(basePath: fleet.scratch.url)
        defer { daemon.stop() }
        try fleet.collect("a", host: "web-01")
        try fleet.collect("b", host: "db-01")
        try fleet.collect("c", host: "lab-3")
        for name in ["a", "b", "c"] {
            let push = try fleet.push(name, to: daemon.url("hub.git"))
            #expect(push.status == 0, "\(push.stderr)")
        }
        let run = try fleet.sequence(from: daemon.url("hub.git"))
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try ["a", "b", "c"].map { try fleet.recordIDs("collect/\($0)", in: fleet.hub) }.reduce(Set()) { $0.union($1) }
        #expect(Set(try fleet.loggedIDs()) == expected)
        try fleet.expectLogVerifies()
        let push = try fleet.scratch.vigil(["sequence", "--home", "central", "--push", daemon.url("hub.git")])
        #expect(push.status == 0 && push.stderr.contains("nothing to sequence"), "\(push.stderr)")
    }

    /// A collector's workspace has no index: its last run of a source is read from its branch, so
    /// a pinned source that fails and then recovers logs the recovery as a record of its own, and
    /// the central check finds it on time once sequenced.
    @Test(arguments: TamperedWorkspace.layouts) func aCollectorsPinnedSourceThatRecoversIsOnTimeOnceSequenced(layout: String) throws {
        let fleet = try Fleet(layout: layout)
        let pinned = Timestamp.format(Date().addingTimeInterval(-3_600))
        try fleet.scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        try fleet.scratch.write(
            "vigil.yaml",
            "sources:\n  - {name: fleet, every: 1d, collector: fwupd, path: \"fw/*.json\", subject: \"host:web-01\", observed_at: \(pinned)}\n")
        #expect(try fleet.scratch.vigil(["collect", "--home", "a"]).status == 0)
        try fleet.scratch.write("fw/web-01.json", "{\"Devices\": [")
        #expect(try fleet.scratch.vigil(["collect", "--home", "a"]).status == 2)
        try fleet.collect("a", host: "web-02")  // a commit in between that runs no source: the walk steps over it
        try fleet.scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        #expect(try fleet.scratch.vigil(["collect", "--home", "a"]).status == 0)
        #expect(try fleet.push("a").status == 0)
        let sequenced = try fleet.sequence()
        #expect(sequenced.status == 0, "\(sequenced.stderr)")

        let runs = try fleet.central(["evidence", "list", "--kind", "source.run"]).stdout.split(separator: "\n")
            .compactMap { try? JSONValue.parse(Data($0.utf8)) }
        let failed = runs.first { $0["data"]?["outcome"]?.stringValue == "failed" }
        #expect(runs.count == 3, "the first good run, the failure, and the recovery naming it")
        #expect(failed != nil && runs.contains { $0["data"]?["recovers"] == failed?["id"] })
        let check = try fleet.central(["check", "--at", Timestamp.format(Date().addingTimeInterval(5)), "--format", "json"])
        let gaps = (try? JSONValue.parse(Data(check.stdout.utf8)))?["scope_gaps"]?.arrayValue ?? []
        #expect(!gaps.contains { $0["subject"]?.stringValue == "source:fleet" }, "\(check.stdout)")
    }

    @Test(arguments: TamperedWorkspace.layouts) func aForcePushedCollectorBranchIsReportedByNameWhileTheOthersAreSequenced(layout: String) throws {
        let fleet = try Fleet(layout: layout)
        try fleet.collect("a", host: "web-01")
        try fleet.collect("b", host: "db-01")
        #expect(try fleet.push("a").status == 0)
        #expect(try fleet.push("b").status == 0)
        #expect(try fleet.sequence().status == 0)
        let before = Set(try fleet.loggedIDs())

        // Collector a starts over: its new history does not contain what was sequenced.
        try FileManager.default.removeItem(atPath: fleet.scratch.url.appendingPathComponent("a").path)
        #expect(try fleet.scratch.vigil(["init", "--home", "a", "--collector", "a"]).status == 0)
        try fleet.collect("a", host: "web-09")
        let refused = try fleet.push("a")
        #expect(refused.status == 4, "\(refused.stderr)")
        #expect(refused.stderr.contains(fleet.hub) && refused.stderr.contains("refs/heads/collect/a"), "\(refused.stderr)")
        #expect(try runGit(["--git-dir", fleet.storePath("a"), "push", "--force", fleet.hub, "collect/a"]).status == 0)
        try fleet.collect("b", host: "db-02")
        #expect(try fleet.push("b").status == 0)

        let run = try fleet.sequence()
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("collector branch collect/a was rewritten"), "\(run.stderr)")
        #expect(run.stderr.contains("collect/b: "), "\(run.stderr)")
        let after = Set(try fleet.loggedIDs())
        let newOnB = try fleet.recordIDs("collect/b", in: fleet.hub).subtracting(before)
        #expect(!newOnB.isEmpty && after == before.union(newOnB))
        try fleet.expectLogVerifies()
    }

    @Test(arguments: TamperedWorkspace.layouts) func aTamperedRecordIsRejectedWithItsBranchAndCommitWhileTheRestProceed(layout: String) throws {
        let fleet = try Fleet(layout: layout)
        try fleet.collect("a", host: "web-01")
        try fleet.collect("b", host: "db-01")
        // Two records committed to a's branch with git plumbing: one whose bytes do not hash to its
        // name, one whose raw input is not on the branch.
        let orphan = EvidenceRecord(
            kind: "firmware.device", subject: "host:ghost", observedAt: Date(timeIntervalSince1970: 1_795_000_000),
            collector: "fwupd", origin: .observed, source: EvidenceSource(name: "ghost.json", sha256: String(repeating: "ab", count: 32)),
            data: ["name": .string("ghost")])
        let forged = EvidenceRecord(
            kind: "firmware.device", subject: "host:forged", observedAt: Date(timeIntervalSince1970: 1_795_000_000),
            collector: "fwupd", origin: .observed, source: EvidenceSource(name: "forged.json", sha256: String(repeating: "cd", count: 32)),
            data: ["name": .string("forged")])
        let commit = try commitFiles(
            fleet.storePath("a"), scratch: fleet.scratch,
            [
                path(orphan): orphan.canonicalData,
                path(forged): forged.canonicalData + Data(" ".utf8),
            ])
        #expect(try fleet.push("a").status == 0)
        #expect(try fleet.push("b").status == 0)

        let run = try fleet.sequence()
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("collect/a commit \(commit): \(path(orphan)): raw input raw/\(orphan.source.sha256)"), "\(run.stderr)")
        #expect(run.stderr.contains("collect/a commit \(commit): \(path(forged)): its bytes hash to"), "\(run.stderr)")
        let logged = Set(try fleet.loggedIDs())
        #expect(!logged.contains(orphan.id) && !logged.contains(forged.id))
        let valid = try fleet.recordIDs("collect/a", in: fleet.hub).union(fleet.recordIDs("collect/b", in: fleet.hub))
            .subtracting([orphan.id, forged.id])
        #expect(logged == valid)
        try fleet.expectLogVerifies()
    }

    @Test func aCollectorWorkspaceSaysWhatItIsAndAnUnreachableRemoteIsAClearError() throws {
        let fleet = try Fleet()
        try fleet.collect("a", host: "web-01")
        for command in [["check"], ["log", "verify"], ["sequence"], ["keys", "list"]] {
            let run = try fleet.scratch.vigil(command + ["--home", "a"])
            #expect(run.status == 2 && run.stderr.contains("is the collector workspace 'a'"), "\(command): \(run.stderr)")
        }
        let unreachable = "git://127.0.0.1:9/nowhere.git"
        let push = try fleet.push("a", to: unreachable)
        #expect(push.status == 4 && push.stderr.contains("remote \(unreachable): push of refs/heads/collect/a failed"), "\(push.stderr)")
        let noRemote = try fleet.scratch.vigil(["push", "--home", "a"])
        #expect(noRemote.status == 2 && noRemote.stderr.contains("remote:"), "\(noRemote.stderr)")
        #expect(try fleet.scratch.vigil(["init", "--home", "x", "--collector", "Web_01/x"]).status == 2)
    }

    private func path(_ record: EvidenceRecord) -> String {
        let hash = SHA256Hex.of(record.subject)
        return "subjects/\(hash.prefix(2))/\(hash)/records/\(record.id).json"
    }

    /// Commits `files` on top of HEAD of a bare store with git plumbing; returns the commit's id.
    private func commitFiles(_ store: String, scratch: Scratch, _ files: [String: Data]) throws -> String {
        let env = ["GIT_INDEX_FILE": scratch.url.appendingPathComponent("attack.index").path]
        _ = try runGit(["--git-dir", store, "read-tree", "HEAD"], environment: env)
        for (path, content) in files {
            let file = try scratch.write("attack.blob", content)
            let blob = try runGit(["--git-dir", store, "hash-object", "-w", file.path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try runGit(["--git-dir", store, "update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)"], environment: env)
        }
        let tree = try runGit(["--git-dir", store, "write-tree"], environment: env).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try runGit(["--git-dir", store, "commit-tree", tree, "-p", "HEAD", "-m", "forged"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try runGit(["--git-dir", store, "update-ref", "HEAD", commit])
        return commit
    }
}
