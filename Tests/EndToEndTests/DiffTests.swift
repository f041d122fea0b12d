import EvidenceModel
import Foundation
import Testing

/// `vigil diff` on the built binary: each side checked with only the evidence logged by then, named
/// by its checkpoint, and exit 1 exactly when something regressed, so a pipeline can gate on it.
struct DiffTests {
    /// The signed log's size now, from `vigil log checkpoint` (its second line).
    private func size(_ scratch: Scratch) throws -> (size: String, root: String) {
        let lines = try scratch.vigil(["log", "checkpoint"]).stdout.split(separator: "\n").map(String.init)
        return (lines[1], lines[2])
    }

    private func collect(_ scratch: Scratch, _ arguments: [String]) throws {
        let run = try scratch.vigil(["collect"] + arguments + ["--observed-at", Timestamp.format(Date().addingTimeInterval(-60))])
        #expect(run.status == 0, "\(run.stderr)")
        // Logged times are whole seconds: the next commit must be a second later to be told apart.
        Thread.sleep(forTimeInterval: 1.1)
    }

    private func diff(_ scratch: Scratch, _ arguments: [String]) throws -> (run: VigilRun, json: JSONValue?) {
        let run = try scratch.vigil(["diff"] + arguments + ["--format", "json"])
        return (run, try? JSONValue.parse(Data(run.stdout.utf8)))
    }

    @Test func aRegressionExitsOneAndNamesBothCheckpoints() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", Fixtures.controls)
        try scratch.write("web-good.json", Fixtures.fwupd(updatable: true))
        try scratch.write("web-bad.json", Fixtures.fwupd(updatable: false))
        try scratch.write("reg/risks.yaml", Fixtures.risks)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try collect(scratch, ["fwupd", "web-good.json", "--subject", "host:web-01"])
        let first = try size(scratch)
        let between = Timestamp.format(Date())
        Thread.sleep(forTimeInterval: 1.1)
        try collect(scratch, ["fwupd", "web-bad.json", "--subject", "host:web-01"])
        try collect(scratch, ["fwupd", "web-bad.json", "--subject", "host:lab-3"])
        try collect(scratch, ["risks", "reg/risks.yaml"])
        let second = try size(scratch)

        let worse = try diff(scratch, ["--from", first.size, "--to", second.size])
        #expect(worse.run.status == 1, "\(worse.run.stderr)")
        let json = try #require(worse.json, "\(worse.run.stdout)")
        #expect(json["from"]?["checkpoint"]?["size"] == .number(Double(first.size)!))
        #expect(json["from"]?["checkpoint"]?["root_hash"] == .string(first.root))
        #expect(json["to"]?["checkpoint"]?["root_hash"] == .string(second.root))
        #expect(json["regressions"] == 1)
        let results = try #require(json["results"]?.arrayValue)
        #expect(results.count == 2)
        #expect(results.first?["subject"] == "host:web-01" && results.first?["change"] == "regressed")
        #expect(results.first?["from"]?["status"] == "pass" && results.first?["to"]?["status"] == "fail")
        #expect(results.last?["subject"] == "host:lab-3" && results.last?["from"] == .null)
        #expect(results.last?["to"]?["status"] == "accepted" && results.last?["change"] == "changed")
        #expect(json["risk_acceptances"]?.arrayValue?.first?["change"] == "granted")
        #expect(json["evidence_added"]?["firmware.device"] == 4)
        #expect(json["evidence_added"]?["risk.acceptance"] == 1)

        // An instant stands for the newest checkpoint at or before it.
        let byTime = try diff(scratch, ["--from", between])
        #expect(byTime.run.status == 1)
        #expect(byTime.json?["from"]?["checkpoint"]?["size"] == .number(Double(first.size)!))
        #expect(byTime.json?["to"]?["checkpoint"]?["size"] == .number(Double(second.size)!))

        // The same side twice: nothing changed, exit 0.
        let same = try scratch.vigil(["diff", "--from", second.size, "--to", second.size])
        #expect(same.status == 0 && same.stdout.contains("No change."), "\(same.stdout)\(same.stderr)")

        // Fixed again: an improvement is no regression.
        try collect(scratch, ["fwupd", "web-good.json", "--subject", "host:web-01"])
        let better = try diff(scratch, ["--from", second.size])
        #expect(better.run.status == 0, "\(better.run.stdout)")
        #expect(better.json?["results"]?.arrayValue?.first?["change"] == "improved")

        // Text and Markdown say the same, with both reasons.
        let text = try scratch.vigil(["diff", "--from", first.size, "--to", second.size])
        #expect(text.status == 1)
        #expect(text.stdout.contains("regressed  FW-01  host:web-01  pass → fail"), "\(text.stdout)")
        #expect(text.stdout.contains("\n      was: ") && text.stdout.contains("\n      now: "), "\(text.stdout)")
        #expect(text.stdout.contains("at size \(first.size)") && text.stdout.contains("at size \(second.size)"))
        let markdown = try scratch.vigil(["diff", "--from", first.size, "--to", second.size, "--format", "markdown"])
        #expect(markdown.stdout.contains("| regressed | FW-01 | host:web-01 | pass → fail |"), "\(markdown.stdout)")
    }

    /// Evidence backfilled with `--observed-at`: invisible to each side's own log, judged by its
    /// observation time with `--all-logged`, both sides naming HEAD's checkpoint.
    @Test func allLoggedJudgesBackfilledEvidenceByItsObservationTime() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", Fixtures.controls)
        try scratch.write("good.json", Fixtures.fwupd(updatable: true))
        try scratch.write("bad.json", Fixtures.fwupd(updatable: false))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        for (file, at) in [("good.json", "2026-11-20T06:00:00Z"), ("bad.json", "2026-11-27T06:00:00Z")] {
            let run = try scratch.vigil(["collect", "fwupd", file, "--subject", "host:web-01", "--observed-at", at])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let head = try size(scratch)
        let logged = try diff(scratch, ["--from", "2026-11-22T00:00:00Z", "--to", "2026-11-29T00:00:00Z"])
        #expect(logged.run.status == 0 && logged.json?["results"] == [], "nothing was logged by then: \(logged.run.stdout)")
        let all = try diff(scratch, ["--from", "2026-11-22T00:00:00Z", "--to", "2026-11-29T00:00:00Z", "--all-logged"])
        #expect(all.run.status == 1, "\(all.run.stdout)")
        #expect(all.json?["results"]?.arrayValue?.first?["change"] == "regressed")
        #expect(all.json?["from"]?["checkpoint"]?["root_hash"] == .string(head.root))
        #expect(all.json?["to"]?["checkpoint"]?["root_hash"] == .string(head.root))
        #expect(all.json?["evidence_added"]?["firmware.device"] == 2, "the records observed in between")
        #expect(all.json?["evidence_counted"] == "observed" && logged.json?["evidence_counted"] == "logged")
        // One control compared: only its results, and only the evidence of its kinds.
        let one = try diff(scratch, ["--from", "2026-11-22T00:00:00Z", "--to", "2026-11-29T00:00:00Z", "--all-logged", "--control", "FW-01"])
        #expect(one.run.status == 1 && one.json?["results"]?.arrayValue?.count == 1)
        let none = try scratch.vigil(["diff", "--from", "2026-11-22T00:00:00Z", "--control", "NOPE-9"])
        #expect(none.status == 2 && none.stderr.contains("--control: no control NOPE-9"), "\(none.stderr)")
    }

    @Test func sidesThatCannotBeComparedAreUsageErrors() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", Fixtures.controls)
        try scratch.write("web-good.json", Fixtures.fwupd(updatable: true))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try collect(scratch, ["fwupd", "web-good.json", "--subject", "host:web-01"])
        let unknown = try scratch.vigil(["diff", "--from", "99"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--from: the signed log never had size 99"), "\(unknown.stderr)")
        let backwards = try scratch.vigil(["diff", "--from", "1", "--to", "2020-01-01T00:00:00Z"])
        #expect(backwards.status == 2 && backwards.stderr.contains("is after --to"), "\(backwards.stderr)")
        let words = try scratch.vigil(["diff", "--from", "last week"])
        #expect(words.status == 2 && words.stderr.contains("neither a checkpoint's size nor an RFC 3339 timestamp"))
    }
}
