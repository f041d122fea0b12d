import Foundation
import Testing
import VigilTestSupport

/// A workspace that already holds good evidence, for showing that a hostile input changes nothing:
/// the input is rejected with exit 2 naming file, place and reason, HEAD stays where it was and
/// `vigil log verify` still passes.
struct GuardedWorkspace {
    let scratch: Scratch

    init(controls: String = Fixtures.controls) throws {
        scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", controls)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("good/web-01.json", Fixtures.fwupd(updatable: true))
        let good = try scratch.vigil(["collect", "fwupd", "good/web-01.json", "--observed-at", "2026-11-20T00:00:00Z"])
        #expect(good.status == 0, "\(good.stderr)")
    }

    var head: String {
        get throws {
            let store = scratch.url.appendingPathComponent(".vigil/store").path
            return try runGit(["--git-dir", store, "rev-parse", "HEAD"]).output
        }
    }

    /// Collects `content` as `file` with `collector`, expects it rejected with every one of `mentions`
    /// on the rejection line, and the store exactly as it was.
    @discardableResult
    func expectCollectRejected(
        _ collector: String, file: String, _ content: Data, mentioning mentions: [String],
        extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> VigilRun {
        let before = try head
        try scratch.write("hostile/\(file)", content)
        let run = try scratch.vigil(["collect", collector, "hostile/\(file)"] + extra)
        #expect(run.status == 2, "\(collector) \(file): exit \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        let line = run.stderr.split(separator: "\n").first { $0.contains("hostile/\(file)") }.map(String.init) ?? ""
        #expect(!line.isEmpty, "\(collector): no rejection names the file: \(run.stderr)", sourceLocation: sourceLocation)
        for mention in mentions {
            #expect(line.contains(mention), "\(collector): '\(mention)' missing from: \(line)", sourceLocation: sourceLocation)
        }
        try expectUnchanged(since: before, sourceLocation: sourceLocation)
        return run
    }

    /// The records stored, one JSON line each.
    var records: [String] {
        get throws { try scratch.vigil(["evidence", "list"]).stdout.split(separator: "\n").map(String.init) }
    }

    /// A source of `vigil.yaml` whose input was refused: nothing of the input is stored, only the
    /// record of its failed run (completeness rests on it), and the log still verifies.
    func expectOnlyFailedRuns(since before: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try records
        let runs = after.filter { $0.contains("\"kind\":\"source.run\"") }
        #expect(after.filter { !runs.contains($0) } == before, "the refused input left records", sourceLocation: sourceLocation)
        #expect(!runs.isEmpty && runs.allSatisfy { $0.contains("\"outcome\":\"failed\"") }, "\(runs)", sourceLocation: sourceLocation)
        let verify = try scratch.vigil(["log", "verify"])
        #expect(verify.status == 0, "log verify: \(verify.stderr)", sourceLocation: sourceLocation)
    }

    func expectUnchanged(since before: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try head == before, "the store gained a commit", sourceLocation: sourceLocation)
        let verify = try scratch.vigil(["log", "verify"])
        #expect(verify.status == 0, "log verify: \(verify.stderr)", sourceLocation: sourceLocation)
    }
}
