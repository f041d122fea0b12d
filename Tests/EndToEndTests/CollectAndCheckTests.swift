import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// The built binary on temporary workspaces: init, collect, check, re-collect, the past.
@Suite(.serialized)
struct CollectAndCheckTests {
    private func prepared() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Fixtures.controls)
        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/lab-3.devices.json", Fixtures.fwupd(updatable: false))
        try scratch.write("in/db-01.devices.json", Fixtures.fwupd(updatable: false, version: "1.2.4"))
        try scratch.write("reg/risks.yaml", Fixtures.risks)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        return scratch
    }

    @Test func initCreatesTheWorkspaceOfTheDesign() throws {
        let scratch = try prepared()
        let home = scratch.url.appendingPathComponent(".vigil")
        for entry in ["store/HEAD", "index.sqlite", "keys"] {
            #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent(entry).path), "\(entry)")
        }
        let keys = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("keys").path)
        #expect((keys[.posixPermissions] as? Int) == 0o700)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)  // a second init changes nothing
    }

    @Test func commandsOutsideAWorkspaceSaySoAndExit2() throws {
        let scratch = try Scratch()
        let run = try scratch.vigil(["check"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is not a Vigil workspace"))
    }

    @Test func homeFlagAndEnvironmentSelectTheWorkspace() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none", "--home", "flagged"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("flagged/store/HEAD").path))
        #expect(try scratch.vigil(["init", "--controls", "none"], environment: ["VIGIL_HOME": "fromenv"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("fromenv/store/HEAD").path))
    }

    @Test func checkJSONReportMatchesTheStoredEvidenceFieldByField() throws {
        let scratch = try prepared()
        let at = "2026-11-20T06:00:00Z"
        let collect = try scratch.vigil([
            "collect", "fwupd", "in/web-01.devices.json", "in/lab-3.devices.json",
            "in/db-01.devices.json", "--observed-at", at,
        ])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", at]).status == 0)

        let check = try scratch.vigil(["check", "--at", "2026-11-21T00:00:00Z", "--format", "json"])
        #expect(check.status == 1, "a failing control exits 1: \(check.stderr)")
        let report = try JSONValue.parse(Data(check.stdout.utf8))
        #expect(report["vigil_report"] == 1)
        #expect(report["as_of"] == "2026-11-21T00:00:00Z")
        #expect(report["summary"]?["fail"] == 1)
        #expect(report["summary"]?["pass"] == 0)
        let control = try #require(report["controls"]?.arrayValue?.first)
        #expect(control["id"] == "FW-01")
        #expect(control["severity"] == "high")
        #expect(control["status"] == "fail")
        #expect(control["frameworks"]?["soc2"] == ["CC7.1"])
        let results = try #require(control["results"]?.arrayValue)
        let bySubject = Dictionary(uniqueKeysWithValues: results.compactMap { r in r["subject"]?.stringValue.map { ($0, r) } })
        #expect(bySubject["host:web-01"]?["status"] == "pass")
        #expect(bySubject["host:db-01"]?["status"] == "fail")
        #expect(bySubject["host:db-01"]?["reason"]?.stringValue?.contains("System Firmware") == true)
        #expect(bySubject["host:lab-3"]?["status"] == "accepted")
        #expect(bySubject["host:lab-3"]?["acceptance"] == "RA-1")
        #expect(bySubject["host:web-01"]?["acceptance"] == .null)

        // The evidence ids in the report are the ids of the stored records.
        let listed = try scratch.vigil(["evidence", "list", "--subject", "host:web-01", "--kind", "firmware.device"])
        let ids = Set(try listed.stdout.split(separator: "\n").compactMap { try JSONValue.parse(Data($0.utf8))["id"]?.stringValue })
        #expect(ids.count == 2)
        let reported = Set(bySubject["host:web-01"]?["evidence"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(!reported.isEmpty && reported.isSubset(of: ids))
        let acceptance = try #require(report["risk_acceptances"]?.arrayValue?.first)
        #expect(acceptance["id"] == "RA-1")
        #expect(acceptance["status"] == "active")
    }

    @Test func checkAtAnEarlierInstantSeesOnlyWhatWasObservedByThen() throws {
        let scratch = try prepared()
        try scratch.write("in/later/db-01.devices.json", Fixtures.fwupd(updatable: true, version: "1.3.0"))
        _ = try scratch.vigil(["collect", "fwupd", "in/db-01.devices.json", "--observed-at", "2026-11-10T00:00:00Z"])
        _ = try scratch.vigil(["collect", "fwupd", "in/later/db-01.devices.json", "--observed-at", "2026-11-20T00:00:00Z"])
        let past = try JSONValue.parse(Data(try scratch.vigil(["check", "--at", "2026-11-12T00:00:00Z", "--format", "json"]).stdout.utf8))
        #expect(past["controls"]?.arrayValue?.first?["status"] == "fail")
        let now = try scratch.vigil(["check", "--at", "2026-11-21T00:00:00Z", "--format", "json"])
        #expect(now.status == 0)
        #expect(try JSONValue.parse(Data(now.stdout.utf8))["controls"]?.arrayValue?.first?["status"] == "pass")
        let stale = try JSONValue.parse(Data(try scratch.vigil(["check", "--at", "2026-12-20T00:00:00Z", "--format", "json"]).stdout.utf8))
        #expect(stale["controls"]?.arrayValue?.first?["status"] == "stale")
    }

    @Test func collectingTheSameInputTwiceAddsNothing() throws {
        let scratch = try prepared()
        let args = ["collect", "fwupd", "in/web-01.devices.json", "--observed-at", "2026-11-20T06:00:00Z"]
        #expect(try scratch.vigil(args).status == 0)
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        let before = try runGit(["--git-dir", store, "rev-list", "--count", "HEAD"]).output
        let again = try scratch.vigil(args)
        #expect(again.status == 0)
        #expect(try runGit(["--git-dir", store, "rev-list", "--count", "HEAD"]).output == before)
        let listed = try scratch.vigil(["evidence", "list"])
        #expect(listed.stdout.split(separator: "\n").count == 2)
    }

    @Test func storeIsANormalRepositoryThatPassesFsckStrict() throws {
        let scratch = try prepared()
        for (i, file) in ["web-01", "lab-3", "db-01"].enumerated() {
            _ = try scratch.vigil(["collect", "fwupd", "in/\(file).devices.json", "--observed-at", "2026-11-2\(i)T00:00:00Z"])
        }
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        let fsck = try runGit(["--git-dir", store, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
        let log = try runGit(["--git-dir", store, "log", "--format=%s"])
        #expect(log.output.split(separator: "\n").count == 4)
        #expect(log.output.contains("collect: 2 records from 1 input"))
        let raw = try runGit(["--git-dir", store, "ls-tree", "-r", "--name-only", "HEAD", "raw/"])
        #expect(raw.output.split(separator: "\n").count == 3)
    }

    @Test func indexRebuildRecreatesTheSameAnswers() throws {
        let scratch = try prepared()
        _ = try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"])
        let before = try scratch.vigil(["evidence", "list"]).stdout
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(".vigil/index.sqlite"))
        let rebuild = try scratch.vigil(["index", "rebuild"])
        #expect(rebuild.status == 0)
        #expect(rebuild.stderr.contains("index rebuilt: 6 records"), "\(rebuild.stderr)")
        #expect(try scratch.vigil(["evidence", "list"]).stdout == before)
    }
}
