import EvidenceModel
import Foundation
import Testing

/// Controls say what users mean (DESIGN §12), on the built binary: record fields in `field`, typed
/// asset ids, and absent evidence failing closed.
@Suite(.serialized)
struct ControlSemanticsTests {
    static let fieldControls = """
        - id: FW-10
          title: Firmware inventories are at most 30 days old
          severity: medium
          evidence: firmware.device
          check: {type: max_age, field: observed_at, max: 30d}
        - id: FW-11
          title: Firmware evidence is measured on the host, by fwupd
          severity: low
          evidence: firmware.device
          check:
            type: expect
            all: [{field: origin, equals: observed}, {field: record.collector, equals: fwupd}]
        """

    private func report(_ run: VigilRun) throws -> [String: JSONValue] {
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        let controls = report["controls"]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: controls.compactMap { c in c["id"]?.stringValue.map { ($0, c) } })
    }

    @Test func maxAgeOnObservedAtAndExpectOnOriginJudgeTheRecordsOwnFields() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/fields.yaml", Self.fieldControls)
        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        #expect(try scratch.vigil(["collect", "fwupd", "in/web-01.devices.json", "--observed-at", "2026-11-01T00:00:00Z"]).status == 0)

        let fresh = try scratch.vigil(["check", "--at", "2026-11-20T00:00:00Z", "--format", "json"])
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        let passing = try report(fresh)
        #expect(passing["FW-10"]?["status"] == "pass")
        #expect(passing["FW-10"]?["results"]?.arrayValue?.first?["reason"]?.stringValue?.contains("observed_at 19 days old (max 30d)") == true)
        #expect(passing["FW-11"]?["status"] == "pass")

        let later = try scratch.vigil(["check", "--at", "2026-12-15T00:00:00Z", "--format", "json"])
        #expect(later.status == 1)
        let failing = try report(later)
        #expect(failing["FW-10"]?["status"] == "fail")
        #expect(failing["FW-10"]?["results"]?.arrayValue?.first?["reason"]?.stringValue?.contains("observed_at 44 days old (max 30d)") == true)
    }

    @Test func lintWarnsAboutAFieldNoStoredRecordHasAndNeedsNoWorkspace() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/fields.yaml",
            Self.fieldControls + """

                - id: FW-12
                  title: Devices say their version
                  severity: low
                  evidence: firmware.device
                  check: {type: expect, all: [{field: Versoin, exists: true}, {field: Vendor, exists: false}]}
                """)
        let alone = try scratch.vigil(["controls", "lint"])
        #expect(alone.status == 0, "\(alone.stdout)\(alone.stderr)")
        #expect(alone.stdout.isEmpty)
        #expect(alone.stderr.contains("3 controls OK"))

        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        #expect(try scratch.vigil(["collect", "fwupd", "in/web-01.devices.json"]).status == 0)
        let lint = try scratch.vigil(["controls", "lint"])
        #expect(lint.status == 0, "warnings do not fail lint: \(lint.stderr)")
        #expect(
            lint.stdout == "warning: Controls/fields.yaml: control FW-12: field 'check': field 'Versoin' is in no stored "
                + "firmware.device record (looked at 2 records): misspelt?\n")
        #expect(lint.stderr.contains("3 controls OK (1 warning)"))
    }

    @Test func anInventoryIdWithItsPrefixNamesTheSubjectThatAcceptancesCover() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/firmware.yaml",
            Fixtures.controls.replacingOccurrences(
                of: "  freshness: 7d\n", with: "  freshness: 7d\n  scope: {kind: asset, type: host}\n"))
        try scratch.write("reg/assets.yaml", "- {id: 'host:ws-fin-014', type: host, owner: fin@example.net, tags: [prod]}\n")
        try scratch.write("reg/risks.yaml", Fixtures.risks.replacingOccurrences(of: "host:lab-3", with: "host:ws-fin-014"))
        try scratch.write("in/ws-fin-014.devices.json", Fixtures.fwupd(updatable: false))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let at = ["--observed-at", "2026-11-20T06:00:00Z"]
        #expect(try scratch.vigil(["collect", "assets", "reg/assets.yaml"] + at).status == 0)
        #expect(try scratch.vigil(["collect", "risks", "reg/risks.yaml"] + at).status == 0)
        #expect(try scratch.vigil(["collect", "fwupd", "in/ws-fin-014.devices.json"] + at).status == 0)

        let check = try scratch.vigil(["check", "--at", "2026-11-21T00:00:00Z", "--format", "json"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let results = try report(check)["FW-01"]?["results"]?.arrayValue ?? []
        #expect(results.map { $0["subject"] } == ["host:ws-fin-014"])
        #expect(results.first?["status"] == "accepted")
        #expect(results.first?["acceptance"] == "RA-1")
        let gaps = try JSONValue.parse(Data(check.stdout.utf8))["scope_gaps"]
        #expect(gaps == .array([]), "no unknown subject, no asset without evidence")
    }

    @Test func anIdWhosePrefixContradictsItsTypeIsRejectedNamingFileAndEntry() throws {
        let scratch = try Scratch()
        try scratch.write("reg/assets.yaml", "- {id: web-01, type: host}\n- {id: 'key:abc', type: host}\n")
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let run = try scratch.vigil(["collect", "assets", "reg/assets.yaml"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("assets.yaml: [1].id: id 'key:abc' carries the prefix 'key:' but type 'host' makes its subject host:…"),
            "\(run.stderr)")
    }

    @Test func checkOnAnEmptyWorkspaceFailsClosed() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let controls = ShippedDemoTests.repository.appendingPathComponent("Controls").path
        let run = try scratch.vigil(["check", "--controls", controls, "--format", "json"])
        #expect(run.status == 1, "a run whose collectors all failed is not a success: \(run.stderr)")
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        let unscoped = report["controls"]?.arrayValue?.first { $0["id"] == "FW-04" }
        #expect(unscoped?["status"] == "missing")
        #expect(unscoped?["reason"] == "no observed firmware.security evidence collected")
        #expect((report["summary"]?["missing"]?.doubleValue ?? 0) > 0)
        let text = try scratch.vigil(["check", "--controls", controls])
        #expect(text.status == 1)
        #expect(text.stdout.contains("no observed firmware.security evidence collected"))
    }
}
