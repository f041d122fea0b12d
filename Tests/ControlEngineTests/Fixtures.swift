import EvidenceModel
import Foundation

@testable import ControlEngine

/// Records and controls for the tests, around one fixed instant (never the wall clock).
enum Fixture {
    /// 2026-11-20T00:00:00Z
    static let now = Date(timeIntervalSince1970: 1_795_132_800)

    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    static func record(
        _ kind: String, _ subject: String, at date: Date = now, origin: EvidenceOrigin = .observed,
        _ data: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: subject, observedAt: date, collector: "test", origin: origin,
            source: EvidenceSource(name: "\(subject).json", sha256: String(repeating: "0", count: 64)), data: data)
    }

    static func device(
        _ host: String, _ name: String, flags: [String] = ["updatable"], at date: Date = now,
        extra: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "DeviceId": .string("id-\(name)"), "Name": .string(name), "Version": "1.0", "Plugin": "uefi_capsule",
            "Flags": .array(flags.map(JSONValue.string)),
        ]
        data.merge(extra) { _, new in new }
        return record(EvidenceKind.firmwareDevice, "host:\(host)", at: date, data)
    }

    static func asset(
        _ subject: String, type: String = "host", tags: [String] = ["prod"], inScope: Bool = true,
        extra: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "id": .string(subject), "type": .string(type), "owner": "ops@example.net",
            "tags": .array(tags.map(JSONValue.string)), "in_scope": .bool(inScope),
        ]
        data.merge(extra) { _, new in new }
        return record(EvidenceKind.asset, subject, at: daysAgo(30), origin: .declared, data)
    }

    static func acceptance(
        _ id: String, control: String, subjects: [String], acceptedAt: String = "2026-06-01",
        expiresAt: String = "2026-12-31", approvedBy: String? = "ciso@example.net",
        extensions: [[String: JSONValue]] = []
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "id": .string(id), "control": .string(control), "subjects": .array(subjects.map(JSONValue.string)),
            "reason": "vendor ships no fix", "owner": "infra@example.net", "accepted_at": .string(acceptedAt),
            "expires_at": .string(expiresAt), "extensions": .array(extensions.map(JSONValue.object)),
        ]
        if let approvedBy { data["approved_by"] = .string(approvedBy) }
        return record(EvidenceKind.riskAcceptance, "risk:\(id)", at: daysAgo(10), origin: .declared, data)
    }

    /// Loads exactly one control, failing the test's expectations if the YAML has issues.
    static func control(_ yaml: String) -> Control {
        let loaded = ControlLoader.load(yaml: yaml, file: "test.yaml")
        precondition(loaded.issues.isEmpty, "fixture control has issues: \(loaded.issues)")
        precondition(loaded.controls.count == 1, "fixture holds \(loaded.controls.count) controls")
        return loaded.controls[0]
    }

    static let firmwareControl = control(
        """
        - id: FW-02
          title: Firmware is updatable
          severity: high
          evidence: firmware.device
          check: {type: firmware_updatable}
        """)

    /// FW-01 over the hosts the inventory tags `prod`.
    static let scopedFirmwareControl = control(
        """
        - id: FW-01
          title: T
          severity: low
          evidence: firmware.device
          scope: {kind: asset, type: host, tags: [prod]}
          check: {type: firmware_updatable}
        """)

    static func run(_ controls: [Control], _ records: [EvidenceRecord], at instant: Date = now) -> RunResult {
        Evaluator(controls: controls).evaluate(records: records, at: instant, checkpoint: nil)
    }
}
