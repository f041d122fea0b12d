import EvidenceModel
import Foundation
import Testing

/// Completeness on the built binary: each run of a `vigil.yaml` source is logged as a `source.run`
/// record; a source whose last run failed or that has not delivered within its `every` is a scope
/// gap naming it, its last good run and what it covers, and `vigil check` exits 1; every report
/// states coverage in one line.
struct CompletenessTests {
    private func workspace() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", Fixtures.controls)
        try scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        try scratch.write(
            "vigil.yaml",
            """
            sources:
              - {name: fleet firmware, every: 1d, collector: fwupd, path: "fw/*.json", subject: "host:web-01"}
              - {collector: risks, path: register.yaml}
            """)
        try scratch.write("register.yaml", Fixtures.risks)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        return scratch
    }

    private func report(_ scratch: Scratch, at: Date, format: String = "json") throws -> (run: VigilRun, json: JSONValue?) {
        let run = try scratch.vigil(["check", "--at", Timestamp.format(at), "--format", format])
        return (run, try? JSONValue.parse(Data(run.stdout.utf8)))
    }

    private func sourceGaps(_ json: JSONValue?) -> [JSONValue] {
        (json?["scope_gaps"]?.arrayValue ?? []).filter { $0["subject"]?.stringValue?.hasPrefix("source:") == true }
    }

    @Test func sourcesOnTimeFailedAndSilentAreJudgedFromTheirLoggedRuns() throws {
        let scratch = try workspace()
        #expect(try scratch.vigil(["collect"]).status == 0)
        let now = Date().addingTimeInterval(5)
        let good = try report(scratch, at: now)
        #expect(sourceGaps(good.json).isEmpty, "\(good.run.stdout)")
        #expect(good.json?["coverage"]?["sources"]?["on_time"] == 2)
        #expect(good.json?["coverage"]?["sources"]?["total"] == 2)
        #expect(good.json?["coverage"]?["results"]?["expected"] == 1)
        let runs = try scratch.vigil(["evidence", "list", "--kind", "source.run"]).stdout.split(separator: "\n")
        #expect(runs.count == 2, "one source.run record per source")

        // The fleet's inputs go bad: its run fails, and the check names it, why, and its last good run.
        try scratch.write("fw/web-01.json", "{\"Devices\": [")
        let failed = try scratch.vigil(["collect"])
        #expect(failed.status == 2)
        let broken = try report(scratch, at: Date().addingTimeInterval(5))
        #expect(broken.run.status == 1)
        let gap = try #require(sourceGaps(broken.json).first)
        #expect(gap["gap"] == "source_failed" && gap["subject"] == "source:fleet firmware" && gap["flagged"] == true)
        let reason = gap["reason"]?.stringValue ?? ""
        #expect(reason.contains("last run failed at") && reason.contains("web-01.json"), "\(reason)")
        #expect(reason.contains("last good run") && reason.contains("covers firmware.device of host:web-01"), "\(reason)")
        #expect(broken.json?["coverage"]?["sources"]?["failed"] == 1)

        // Two days on, its newest run is still the failed one: a failure outranks silence. Once it
        // delivers again, two days without a run make it silent; the register has no cadence.
        try scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        let later = try report(scratch, at: Date().addingTimeInterval(2 * 86_400))
        #expect(sourceGaps(later.json).map { $0["gap"] } == ["source_failed"])
        #expect(try scratch.vigil(["collect"]).status == 0)
        let silent = try report(scratch, at: Date().addingTimeInterval(2 * 86_400))
        #expect(sourceGaps(silent.json).map { $0["gap"] } == ["source_silent"], "\(silent.run.stdout)")
        #expect(silent.json?["coverage"]?["sources"]?["silent"] == 1)

        // Every format states coverage in one line.
        let text = try report(scratch, at: Date().addingTimeInterval(5), format: "text").run.stdout
        #expect(text.contains("Coverage: sources 2 of 2 on time · 1 of 1 result evaluated"), "\(text)")
        for format in ["markdown", "html"] {
            #expect(try report(scratch, at: Date().addingTimeInterval(5), format: format).run.stdout.contains("Coverage: sources 2 of 2 on time"))
        }
    }

    /// A source pinned to an observation time delivers the same run record each time it succeeds:
    /// after a failure, that success must still count as the newest run, not be taken for the old one.
    @Test func aPinnedSourceThatRecoversIsOnTimeAgain() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", Fixtures.controls)
        try scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        let pinned = Timestamp.format(Date().addingTimeInterval(-3_600))
        try scratch.write(
            "vigil.yaml",
            "sources:\n  - {name: fleet, every: 1d, collector: fwupd, path: \"fw/*.json\", subject: \"host:web-01\", observed_at: \(pinned)}\n")
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        #expect(try scratch.vigil(["collect"]).status == 0)
        try scratch.write("fw/web-01.json", "{\"Devices\": [")
        #expect(try scratch.vigil(["collect"]).status == 2)
        let failed = try report(scratch, at: Date().addingTimeInterval(5))
        #expect(sourceGaps(failed.json).map { $0["gap"] } == ["source_failed"])
        try scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        #expect(try scratch.vigil(["collect"]).status == 0)
        let recovered = try report(scratch, at: Date().addingTimeInterval(5))
        #expect(sourceGaps(recovered.json).isEmpty, "\(recovered.run.stdout)")
        #expect(recovered.json?["coverage"]?["sources"]?["on_time"] == 1)
        // Once on time, collecting the same again stores nothing new.
        let runs = try scratch.vigil(["evidence", "list", "--kind", "source.run"]).stdout
        #expect(try scratch.vigil(["collect"]).status == 0)
        #expect(try scratch.vigil(["evidence", "list", "--kind", "source.run"]).stdout == runs)
    }

    @Test func filesNamedOnTheCommandLineAreNoSourceRun() throws {
        let scratch = try workspace()
        #expect(try scratch.vigil(["collect", "fwupd", "fw/web-01.json", "--subject", "host:web-01"]).status == 0)
        #expect(try scratch.vigil(["evidence", "list", "--kind", "source.run"]).stdout.isEmpty)
        let json = try report(scratch, at: Date().addingTimeInterval(5)).json
        #expect(json?["coverage"]?["sources"]?["not_run"] == 1, "the register has run never, and has no cadence")
        #expect(sourceGaps(json).map { $0["gap"] } == ["source_silent"], "the fleet never delivered within its day")
    }
}
