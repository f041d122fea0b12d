import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// Files a control names (`advisories`) reach the check through the loader's reader, never by IO here.
struct ControlResourceTests {
    static let yaml = """
        - id: FW-03
          title: No known-vulnerable firmware
          severity: high
          evidence: firmware.device
          check: {type: firmware_not_vulnerable, advisories: advisories/vulns.json}
        """

    @Test func theReaderIsAskedForThePathAsWrittenAndTheControlFile() {
        let asked = Asked()
        let loaded = ControlLoader.load(yaml: Self.yaml, file: "Controls/fw.yaml") { path, file in
            asked.append("\(file) → \(path)")
            return .success(Data(AdvisoryFixture.osv.utf8))
        }
        #expect(loaded.issues.isEmpty)
        #expect(asked.items == ["Controls/fw.yaml → advisories/vulns.json"])
        #expect(loaded.controls.first?.check.resources["advisories/vulns.json"] == Data(AdvisoryFixture.osv.utf8))
    }

    @Test func aMissingAdvisoryFileIsALintErrorNamingTheControlTheFieldAndWhy() {
        let loaded = ControlLoader.load(yaml: Self.yaml, file: "Controls/fw.yaml") { _, _ in
            .failure(ControlLoader.UnreadableFile(reason: "no such file"))
        }
        #expect(loaded.controls.isEmpty)
        #expect(
            loaded.issues.map(\.description) == [
                "Controls/fw.yaml: control FW-03: field 'check.advisories': cannot read 'advisories/vulns.json' (a path relative to the control file): no such file"
            ])
    }

    @Test func aBadAdvisoryFileIsALintErrorWithTheJSONPath() {
        let loaded = ControlLoader.load(yaml: Self.yaml, file: "Controls/fw.yaml") { _, _ in .success(Data(#"[{"id": 3}]"#.utf8)) }
        #expect(
            loaded.issues.map(\.description) == [
                "Controls/fw.yaml: control FW-03: field 'check.advisories': 'advisories/vulns.json' is not a usable OSV advisory file: $[0].id: required: the advisory's id"
            ])
    }

    @Test func theEvaluatorJudgesWithTheBytesTheLoaderRead() {
        let loaded = ControlLoader.load(yaml: Self.yaml, file: "Controls/fw.yaml") { _, _ in .success(Data(AdvisoryFixture.osv.utf8)) }
        let device = AdvisoryFixture.device("System Firmware", guid: AdvisoryFixture.systemFirmwareGuid, version: "0.1.23", format: "triplet")
        let result = Evaluator(controls: loaded.controls).evaluate(records: [device], at: Fixture.now, checkpoint: nil)
        #expect(result.controls.first?.results.first?.status == .fail)
    }

    @Test func anObservedOnlyHsiControlIgnoresDeclaredSecurityEvidence() {
        let control = Control(
            id: "FW-04", title: "Secure Boot", severity: .high, evidence: [EvidenceKind.firmwareSecurity], origin: .observed,
            check: CheckSpec(type: "hsi", parameters: ["attributes": ["org.fwupd.hsi.Uefi.SecureBoot": "enabled"]]))
        let declared = Fixture.record(
            EvidenceKind.firmwareSecurity, "host:a", origin: .declared,
            [
                "available": true, "attributes": ["org.fwupd.hsi.Uefi.SecureBoot": ["HsiResult": "enabled", "success": true]],
            ])
        let result = Evaluator(controls: [control]).evaluate(records: [declared], at: Fixture.now, checkpoint: nil)
        #expect(result.controls.first?.results.isEmpty == true)
        let scoped = Control(
            id: "FW-04", title: "Secure Boot", severity: .high, evidence: [EvidenceKind.firmwareSecurity],
            scope: ControlScope(type: "host"), origin: .observed, check: control.check)
        let withInventory = Evaluator(controls: [scoped]).evaluate(
            records: [declared, Fixture.asset("host:a")], at: Fixture.now, checkpoint: nil)
        #expect(withInventory.controls.first?.results.first?.status == .missing)
        #expect(withInventory.controls.first?.results.first?.reason == "no observed firmware.security evidence")
    }
}

/// What a test reader was asked for (the reader is a `@Sendable` closure).
private final class Asked: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var items: [String] { lock.withLock { stored } }
    func append(_ item: String) { lock.withLock { stored.append(item) } }
}
