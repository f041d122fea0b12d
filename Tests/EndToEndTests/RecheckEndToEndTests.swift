import Foundation
import Testing
import VigilTestSupport

/// `vigil check --at T` keeps each subject's verdicts in the workspace, and the next check at T judges
/// only what changed, reporting what a check from nothing reports; a check at the clock's now keeps
/// nothing (no later check asks for that instant).
@Suite(.serialized)
struct RecheckEndToEndTests {
    static let control = """
        - {id: F-1, title: Firmware updatable, severity: high, evidence: firmware.device, freshness: 7d,
           check: {type: firmware_updatable}}
        """

    private func memories(_ scratch: Scratch) -> [String] {
        let folder = scratch.url.appendingPathComponent(".vigil/recheck").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".memory") }
    }

    private func check(_ scratch: Scratch, at instant: String?) throws -> String {
        let run = try scratch.vigil(["check", "--format", "json"] + (instant.map { ["--at", $0] } ?? []))
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        return run.stdout
    }

    @Test func aCheckAtAGivenInstantIsRememberedAndARecheckReportsTheSame() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Self.control)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        for (host, updatable) in [("web-01", true), ("web-02", false), ("db-01", true)] {
            try scratch.write("fw/\(host).json", Fixtures.fwupd(updatable: updatable))
        }
        #expect(try scratch.vigil(["collect", "fwupd", "fw", "--observed-at", "2026-11-28T12:00:00Z"]).status == 0)

        _ = try check(scratch, at: nil)
        #expect(memories(scratch).isEmpty, "a check at now keeps nothing")
        let first = try check(scratch, at: "2026-11-29T12:00:00Z")
        #expect(memories(scratch).count == 1)
        #expect(try check(scratch, at: "2026-11-29T12:00:00Z") == first)

        try scratch.write("more/web-03.json", Fixtures.fwupd(updatable: false))
        #expect(try scratch.vigil(["collect", "fwupd", "more", "--observed-at", "2026-11-28T13:00:00Z"]).status == 0)
        let recheck = try check(scratch, at: "2026-11-29T12:00:00Z")
        #expect(recheck != first && recheck.contains("web-03"))
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(".vigil/recheck"))
        #expect(try check(scratch, at: "2026-11-29T12:00:00Z") == recheck, "the same as a check from nothing")
    }
}
